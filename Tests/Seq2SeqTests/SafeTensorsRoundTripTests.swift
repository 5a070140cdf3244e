import Foundation
import Seq2Seq
import Testing

@Suite("SafeTensors round trip")
struct SafeTensorsRoundTripTests {
    /// Tensors covering the corners: a scalar, zero-size dimensions, rank 4, and awkward floats.
    static func sampleFile() -> SafeTensorsFile {
        var random = RandomGenerator(seed: 42)
        let awkward: [Float] = [
            .nan, -.nan, Float(bitPattern: 0x7FC1_2345), .infinity, -.infinity, -0.0, 0,
            .leastNonzeroMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude, 1e-30, -123.456,
        ]
        return SafeTensorsFile(
            tensors: [
                ("encoder.embedding.weight", Tensor(shape: [5, 3], scalars: (0..<15).map { _ in random.nextUniform(limit: 1) })),
                ("encoder.lstm.bias", Tensor(shape: [12], scalars: awkward)),
                ("attention.temperature", Tensor(shape: [], scalars: [0.125])),
                ("decoder.empty", Tensor(shape: [0, 7], scalars: [])),
                ("decoder.projection.weight", Tensor(shape: [2, 1, 3, 2], scalars: (0..<12).map { Float($0) - 5.5 })),
                ("aaa.last.but.zero", Tensor(shape: [3, 0], scalars: [])),
            ],
            metadata: [
                "corpus": "tatoeba-en-fr",
                "example": "No means no.\t« Non », ça veut dire « non ».",
                "escapes": "quote \" backslash \\ newline \n nul \u{0} bell \u{7} emoji 😀",
                "": "empty key",
            ])
    }

    @Test("serialize then decode returns names, order, shapes, metadata and bit-exact data")
    func inMemory() throws {
        let original = Self.sampleFile()
        let decoded = try SafeTensorsFile(bytes: try original.serialized(), source: "memory")
        #expect(decoded == original)
        #expect(decoded.names == original.names)
        #expect(decoded.metadata == original.metadata)
        for ((_, left), (_, right)) in zip(decoded.tensors, original.tensors) {
            #expect(left.shape == right.shape)
            #expect(left.scalars.map(\.bitPattern) == right.scalars.map(\.bitPattern))
        }
        #expect(decoded.tensor(named: "attention.temperature") == Tensor(shape: [], scalars: [0.125]))
        #expect(decoded.tensor(named: "missing") == nil)
    }

    @Test("write to disk then read returns the same file")
    func onDisk() throws {
        let directory = try SafeTensorsTemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/model.safetensors"
        let original = Self.sampleFile()
        try original.write(to: path)
        #expect(try SafeTensorsFile.read(path: path) == original)
        let onDisk = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(onDisk == (try original.serialized()))
    }

    @Test("equality sees single bits and NaN payloads")
    func equalityIsBitwise() {
        let file = Self.sampleFile()
        var changed = file
        changed.tensors[1].tensor.scalars[0] = Float(bitPattern: Float.nan.bitPattern ^ 1)
        #expect(changed != file)
        var renamed = file
        renamed.tensors[0].name += "x"
        #expect(renamed != file)
        #expect(file == Self.sampleFile())
    }

    @Test("the header is padded with spaces so the data section starts 8-byte aligned", arguments: 0..<16)
    func alignment(nameLength: Int) throws {
        let file = SafeTensorsFile(tensors: [(String(repeating: "n", count: nameLength + 1), Tensor(shape: [3], scalars: [1, 2, 3]))],
                                   metadata: ["k": String(repeating: "v", count: nameLength % 5)])
        let bytes = try file.serialized()
        let headerLength = bytes.withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        #expect((8 + headerLength) % 8 == 0)
        #expect(bytes.count == 8 + headerLength + 12)
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        let trimmed = header.replacingOccurrences(of: " +$", with: "", options: .regularExpression)
        #expect(trimmed.hasSuffix("}"))
        #expect(header.count - trimmed.count < 8)
        #expect(Array(bytes[(8 + headerLength)...]) == RawSafeTensors.floats([1, 2, 3]))
    }

    @Test("the header has the reference layout and records the CRC-32C of the data section")
    func headerLayout() throws {
        let file = SafeTensorsFile(tensors: [("b", Tensor(shape: [2], scalars: [1, -2])), ("a", Tensor(shape: [], scalars: [0.5]))],
                                   metadata: ["epoch": "7"])
        let bytes = try file.serialized()
        let data = RawSafeTensors.floats([1, -2, 0.5])
        #expect(Array(bytes.suffix(12)) == data)
        let checksum = String(CRC32C.checksum(data), radix: 16)
        let expected = "{\"__metadata__\":{\"epoch\":\"7\",\"s2s.checksum\":\"crc32c:\(String(repeating: "0", count: 8 - checksum.count) + checksum)\"},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}"
        let header = String(decoding: bytes[8..<(bytes.count - 12)], as: UTF8.self)
        #expect(header.trimmingCharacters(in: .whitespaces) == expected)
        // The reader consumes the checksum entry; a caller's own value for it is replaced on write.
        var spoofed = file
        spoofed.metadata[SafeTensorsFile.checksumKey] = "crc32c:00000000"
        #expect(try SafeTensorsFile(bytes: try spoofed.serialized()).metadata == ["epoch": "7"])
    }

    @Test("zero-size tensors keep their place in the order")
    func zeroSizeOrder() throws {
        let file = SafeTensorsFile(tensors: [
            ("z2", Tensor(shape: [0], scalars: [])), ("z1", Tensor(shape: [4, 0], scalars: [])),
            ("x", Tensor(shape: [1], scalars: [9])), ("z0", Tensor(shape: [0], scalars: [])),
        ])
        #expect(try SafeTensorsFile(bytes: try file.serialized()).names == ["z2", "z1", "x", "z0"])
    }

    @Test("the writer refuses tensors no valid file can hold")
    func writerValidation() throws {
        let tensor = Tensor(shape: [2], scalars: [1, 2])
        expectSafeTensorsError(try SafeTensorsFile(tensors: [("a", tensor), ("a", tensor)]).serialized(),
                    .invalidTensor, "cannot write tensor \"a\": the name is used twice")
        expectSafeTensorsError(try SafeTensorsFile(tensors: [("__metadata__", tensor)]).serialized(),
                    .invalidTensor, "the name is reserved for metadata")
        var mismatched = tensor
        mismatched.shape = [3]
        expectSafeTensorsError(try SafeTensorsFile(tensors: [("m", mismatched)]).serialized(),
                    .invalidTensor, "cannot write tensor \"m\": shape [3] does not match its 2 scalars")
        mismatched.shape = [-1, -2]
        expectSafeTensorsError(try SafeTensorsFile(tensors: [("m", mismatched)]).serialized(),
                    .invalidTensor, "shape [-1, -2] does not match its 2 scalars")
    }
}
