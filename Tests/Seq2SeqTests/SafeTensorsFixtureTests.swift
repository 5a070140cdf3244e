import Foundation
import Seq2Seq
import Testing

/// The regression corpus in Fixtures/safetensors: small inputs that must be accepted, or rejected
/// with a specific message. `python-written` comes from Python's `safetensors.numpy.save_file`,
/// `s2s-written` from this writer; the others are forged by hand or derived from those two.
@Suite("SafeTensors fixtures")
struct SafeTensorsFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/safetensors").path

    /// nil: accepted. Otherwise the error kind and a fragment of the message.
    static let expectations: [String: (kind: SafeTensorsError.Kind, fragment: String)?] = [
        "python-written": nil,
        "s2s-written": nil,
        "no-tensors": nil,
        "escaped-names": nil,
        "empty": (.headerLength, "file is too short (0 bytes) to hold the 8-byte header length"),
        "header-length-int64-max": (.headerLength, "header length 9223372036854775807 exceeds the 100 MB limit"),
        "header-length-past-end": (.headerLength, "header length 500 is larger than the 10 bytes after the length prefix"),
        "header-invalid-utf8": (.json, "at byte 1: string is not valid UTF-8"),
        "header-truncated": (.json, "at byte 14: unterminated string"),
        "header-is-array": (.schema, "the header must be a JSON object, found an array"),
        "header-nul-padding": (.json, "unexpected 0x00 after the header object"),
        "lone-surrogate": (.json, "unpaired surrogate \\udc00"),
        "dtype-f16": (.dtype, "tensor \"a\": unsupported dtype \"F16\" (only F32 is supported)"),
        "dtype-i64": (.dtype, "tensor \"a\": unsupported dtype \"I64\""),
        "shape-negative": (.shape, "tensor \"a\": shape entry -2 is negative"),
        "shape-product-overflow": (.shape, "tensor \"a\": shape [4611686018427387904, 4] is too large"),
        "shape-entry-beyond-int64": (.shape, "shape entry 99999999999999999999 is too large"),
        "shape-fractional": (.shape, "shape entry 2.0 is not an integer"),
        "shape-rank-65": (.shape, "shape has more than 64 dimensions"),
        "shape-deep-nesting": (.shape, "shape entry must be an integer, found an array"),
        "offsets-past-end": (.offsets, "data_offsets [0, 16] extend past the end of the 8-byte data section"),
        "offsets-reversed": (.offsets, "data_offsets [8, 0] end before they begin"),
        "offsets-uint64-max": (.offsets, "data_offsets entry 18446744073709551615 is too large"),
        "offsets-size-mismatch": (.offsets, "span 8 bytes but shape [3] of F32 needs 12"),
        "offsets-overlap": (.offsets, "tensors \"a\" [0, 8] and \"b\" [4, 12] overlap"),
        "offsets-gap": (.offsets, "gap of 4 bytes in the data section at offset 4, before tensor \"b\""),
        "trailing-data": (.offsets, "data section has 4 bytes after the last tensor"),
        "python-truncated": (.offsets, "tensor \"encoder.embedding\": data_offsets [40, 88] extend past the end of the 82-byte data section"),
        "duplicate-tensor-name": (.duplicate, "duplicate tensor name \"a\""),
        "duplicate-escaped-name": (.duplicate, "duplicate tensor name \"w\""),
        "duplicate-metadata-key": (.duplicate, "duplicate metadata key \"k\""),
        "metadata-value-number": (.metadata, "\"__metadata__\" value for key \"epoch\" must be a string, found a number"),
        "checksum-malformed": (.metadata, "malformed checksum \"crc32c:XYZ\""),
        "checksum-mismatch": (.checksum, "checksum mismatch: the metadata records crc32c:"),
    ]

    static func path(_ name: String) -> String { directory + "/" + name + ".safetensors" }

    @Test("every fixture has an expectation and every expectation a fixture")
    func corpusIsComplete() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory)
            .filter { $0.hasSuffix(".safetensors") }.map { String($0.dropLast(".safetensors".count)) }
        #expect(Set(files) == Set(Self.expectations.keys))
        #expect(files.count < 50)
    }

    @Test("each fixture is accepted or rejected as recorded", arguments: expectations.keys.sorted())
    func fixture(_ name: String) {
        let path = Self.path(name)
        switch Self.expectations[name] {
        case .some(.some(let expected)):
            expectSafeTensorsError(try SafeTensorsFile.read(path: path), expected.kind, expected.fragment)
            do {
                _ = try SafeTensorsFile.read(path: path)
            } catch {
                #expect(String(describing: error).hasPrefix(path + ": "))
            }
        default:
            #expect(throws: Never.self) { try SafeTensorsFile.read(path: path) }
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))).map { [UInt8]($0) } ?? []
            #expect(SafeTensorsFuzzer.check(bytes) == .accepted)
        }
    }

    @Test("a file written by Python's safetensors loads with its arrays and metadata")
    func pythonWritten() throws {
        let file = try SafeTensorsFile.read(path: Self.path("python-written"))
        // save_file stores tensors sorted by name.
        #expect(file.names == ["bias", "décodeur.poids", "empty", "encoder.embedding", "scalar"])
        #expect(file.metadata == ["format": "np", "note": "Va !\tCours !", "epoch": "12"])
        #expect(file.tensor(named: "scalar") == Tensor(shape: [], scalars: [3.5]))
        #expect(file.tensor(named: "décodeur.poids") == Tensor(shape: [2, 3], scalars: [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]))
        #expect(file.tensor(named: "bias")?.scalars.map(\.bitPattern) == [0x3F80_0000, 0x8000_0000, 0x7F80_0000, 0x7FC0_0000])
        #expect(file.tensor(named: "empty")?.shape == [0, 4])
        #expect(file.tensor(named: "encoder.embedding")?.shape == [3, 4])
        #expect(file.tensor(named: "encoder.embedding")?.scalars.first?.bitPattern == 0x3AA1_3D19)
    }

    @Test("the writer still produces the committed s2s-written bytes (format stability)")
    func writerIsStable() throws {
        // Rebuilt exactly as the file was made; Python's safetensors reads this file identically.
        var random = RandomGenerator(seed: 1)
        let file = SafeTensorsFile(
            tensors: [
                ("encoder.embedding", Tensor(shape: [4, 3], scalars: (0..<12).map { _ in random.nextUniform(limit: 1) })),
                ("décodeur.poids", Tensor(shape: [2, 2, 2], scalars: [1, -2, 0.5, .infinity, -.infinity, -0.0,
                                                                      .leastNonzeroMagnitude, .greatestFiniteMagnitude])),
                ("nan.payload", Tensor(shape: [2], scalars: [.nan, Float(bitPattern: 0x7FC1_2345)])),
                ("temperature", Tensor(shape: [], scalars: [0.125])),
                ("empty", Tensor(shape: [0, 3], scalars: [])),
            ],
            metadata: ["corpus": "tatoeba-en-fr", "example": "No means no.\t« Non », ça veut dire « non ».",
                       "quote": "a \"b\" \\ c\nd"])
        let committed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path("s2s-written"))))
        #expect(try file.serialized() == committed)
        #expect(try SafeTensorsFile.read(path: Self.path("s2s-written")) == file)
    }
}
