import Foundation
import Seq2Seq
import Testing

/// Builds safetensors bytes by hand, so tests can forge any header.
enum RawSafeTensors {
    /// The length prefix (by default the header's true length), the header, then `data`.
    static func file(_ header: String, data: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
        file(Array(header.utf8), data: data, headerLength: headerLength)
    }

    static func file(_ header: [UInt8], data: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: (headerLength ?? UInt64(header.count)).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes + header + data
    }

    /// The little-endian bytes of `values`.
    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    /// One tensor entry's JSON.
    static func entry(_ name: String, shape: String, offsets: String, dtype: String = "F32") -> String {
        "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":\(offsets)}"
    }
}

/// One forged input and the error it must produce.
struct SafeTensorsRejectionCase: Sendable, CustomTestStringConvertible {
    var label: String
    var bytes: [UInt8]
    var kind: SafeTensorsError.Kind
    var fragment: String
    var testDescription: String { label }

    init(_ label: String, _ bytes: [UInt8], _ kind: SafeTensorsError.Kind, _ fragment: String) {
        self.label = label
        self.bytes = bytes
        self.kind = kind
        self.fragment = fragment
    }
}

private let eightBytes = RawSafeTensors.floats([1.5, -2])
private let twelveBytes = RawSafeTensors.floats([1, 2, 3])
private func header(_ members: String...) -> String { "{" + members.joined(separator: ",") + "}" }
private func e(_ name: String, shape: String, offsets: String, dtype: String = "F32") -> String {
    RawSafeTensors.entry(name, shape: shape, offsets: offsets, dtype: dtype)
}

private let safeTensorsRejectionCases: [SafeTensorsRejectionCase] = [
    // Length prefix.
    SafeTensorsRejectionCase("empty file", [], .headerLength, "file is too short (0 bytes) to hold the 8-byte header length"),
    SafeTensorsRejectionCase("three bytes", [1, 2, 3], .headerLength, "file is too short (3 bytes)"),
    SafeTensorsRejectionCase("Int64.max header length", RawSafeTensors.file("{}", headerLength: UInt64(Int64.max)),
                  .headerLength, "header length 9223372036854775807 exceeds the 100 MB limit"),
    SafeTensorsRejectionCase("UInt64.max header length", RawSafeTensors.file("{}", headerLength: .max),
                  .headerLength, "header length 18446744073709551615 exceeds the 100 MB limit"),
    SafeTensorsRejectionCase("one byte over the limit", RawSafeTensors.file("{}", headerLength: 100_000_001),
                  .headerLength, "header length 100000001 exceeds the 100 MB limit"),
    SafeTensorsRejectionCase("header past the end", RawSafeTensors.file("{}", data: Array(repeating: 32, count: 8), headerLength: 500),
                  .headerLength, "header length 500 is larger than the 10 bytes after the length prefix"),
    // JSON syntax and encoding.
    SafeTensorsRejectionCase("zero-length header", RawSafeTensors.file(""), .json, "malformed JSON header at byte 0: the header is empty"),
    SafeTensorsRejectionCase("truncated JSON", RawSafeTensors.file("{\"a\":"), .json, "expected a JSON value, found the end of the header"),
    SafeTensorsRejectionCase("unterminated string", RawSafeTensors.file("{\"abc"), .json, "at byte 1: unterminated string"),
    SafeTensorsRejectionCase("missing colon", RawSafeTensors.file("{\"a\" 1}"), .json, "expected ':' after an object key, found '1'"),
    SafeTensorsRejectionCase("trailing comma", RawSafeTensors.file("{\"__metadata__\":{},}"), .json, "expected a string key, found '}'"),
    SafeTensorsRejectionCase("garbage after the object", RawSafeTensors.file("{} x"), .json, "unexpected 'x' after the header object"),
    SafeTensorsRejectionCase("NUL padding", RawSafeTensors.file([UInt8]("{}".utf8) + [0, 0]), .json, "unexpected 0x00 after the header object"),
    SafeTensorsRejectionCase("invalid UTF-8", RawSafeTensors.file([UInt8]("{\"".utf8) + [0xC3, 0x28] + [UInt8]("\":1}".utf8)),
                  .json, "at byte 1: string is not valid UTF-8"),
    SafeTensorsRejectionCase("raw newline in a string", RawSafeTensors.file("{\"a\nb\":1}"), .json, "control character 0x0A in a string must be escaped"),
    SafeTensorsRejectionCase("invalid escape", RawSafeTensors.file("{\"a\\qb\":1}"), .json, "invalid escape '\\q' in a string"),
    SafeTensorsRejectionCase("lone surrogate", RawSafeTensors.file("{\"\\ud800\":1}"), .json, "unpaired surrogate \\ud800 in a string"),
    SafeTensorsRejectionCase("leading zero", RawSafeTensors.file(header(e("a", shape: "[02]", offsets: "[0,8]")), data: eightBytes),
                  .json, "numbers must not have leading zeros"),
    // JSON types.
    SafeTensorsRejectionCase("header is an array", RawSafeTensors.file("[]"), .schema, "the header must be a JSON object, found an array"),
    SafeTensorsRejectionCase("tensor entry is a number", RawSafeTensors.file("{\"a\":7}"), .schema, "tensor \"a\" must be an object, found a number"),
    SafeTensorsRejectionCase("dtype is a number", RawSafeTensors.file(header("\"a\":{\"dtype\":32,\"shape\":[],\"data_offsets\":[0,4]}")),
                  .schema, "tensor \"a\": \"dtype\" must be a string, found a number"),
    SafeTensorsRejectionCase("shape is a string", RawSafeTensors.file(header(e("a", shape: "\"2\"", offsets: "[0,8]")), data: eightBytes),
                  .shape, "tensor \"a\": \"shape\" must be an array of integers, found a string"),
    SafeTensorsRejectionCase("shape entry is an array", RawSafeTensors.file(header(e("a", shape: "[[2]]", offsets: "[0,8]")), data: eightBytes),
                  .shape, "tensor \"a\": shape entry must be an integer, found an array"),
    SafeTensorsRejectionCase("data_offsets is null", RawSafeTensors.file(header(e("a", shape: "[2]", offsets: "null")), data: eightBytes),
                  .offsets, "tensor \"a\": \"data_offsets\" must be an array of integers, found null"),
    SafeTensorsRejectionCase("missing data_offsets", RawSafeTensors.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", data: eightBytes),
                  .schema, "tensor \"a\": missing \"data_offsets\""),
    SafeTensorsRejectionCase("unknown key", RawSafeTensors.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"offsets\":[0,8]}}", data: eightBytes),
                  .schema, "tensor \"a\": unexpected key \"offsets\""),
    SafeTensorsRejectionCase("metadata is an array", RawSafeTensors.file("{\"__metadata__\":[\"a\"]}"),
                  .metadata, "\"__metadata__\" must be an object of strings, found an array"),
    SafeTensorsRejectionCase("metadata value is a number", RawSafeTensors.file("{\"__metadata__\":{\"epoch\":3}}"),
                  .metadata, "\"__metadata__\" value for key \"epoch\" must be a string, found a number"),
    // Dtypes and shapes.
    SafeTensorsRejectionCase("F16", RawSafeTensors.file(header(e("a", shape: "[4]", offsets: "[0,8]", dtype: "F16")), data: eightBytes),
                  .dtype, "tensor \"a\": unsupported dtype \"F16\" (only F32 is supported)"),
    SafeTensorsRejectionCase("lower-case f32", RawSafeTensors.file(header(e("a", shape: "[2]", offsets: "[0,8]", dtype: "f32")), data: eightBytes),
                  .dtype, "unsupported dtype \"f32\""),
    SafeTensorsRejectionCase("negative dimension", RawSafeTensors.file(header(e("a", shape: "[-2]", offsets: "[0,8]")), data: eightBytes),
                  .shape, "tensor \"a\": shape entry -2 is negative"),
    SafeTensorsRejectionCase("fractional dimension", RawSafeTensors.file(header(e("a", shape: "[1.5]", offsets: "[0,8]")), data: eightBytes),
                  .shape, "tensor \"a\": shape entry 1.5 is not an integer"),
    SafeTensorsRejectionCase("dimension beyond Int", RawSafeTensors.file(header(e("a", shape: "[99999999999999999999]", offsets: "[0,8]")), data: eightBytes),
                  .shape, "tensor \"a\": shape entry 99999999999999999999 is too large"),
    SafeTensorsRejectionCase("product overflows", RawSafeTensors.file(header(e("a", shape: "[4611686018427387904,4]", offsets: "[0,0]"))),
                  .shape, "tensor \"a\": shape [4611686018427387904, 4] is too large"),
    SafeTensorsRejectionCase("byte count overflows", RawSafeTensors.file(header(e("a", shape: "[2305843009213693952]", offsets: "[0,0]"))),
                  .shape, "shape [2305843009213693952] is too large"),
    SafeTensorsRejectionCase("overflow hidden behind a zero", RawSafeTensors.file(header(e("a", shape: "[0,4611686018427387904,4]", offsets: "[0,0]"))),
                  .shape, "is too large"),
    SafeTensorsRejectionCase("rank 65", RawSafeTensors.file(header(e("a", shape: "[" + Array(repeating: "1", count: 65).joined(separator: ",") + "]",
                                                          offsets: "[0,4]")), data: RawSafeTensors.floats([1])),
                  .shape, "tensor \"a\": shape has more than 64 dimensions"),
    // Offsets.
    SafeTensorsRejectionCase("size mismatch", RawSafeTensors.file(header(e("a", shape: "[3]", offsets: "[0,8]")), data: eightBytes),
                  .offsets, "tensor \"a\": data_offsets [0, 8] span 8 bytes but shape [3] of F32 needs 12"),
    SafeTensorsRejectionCase("past the data section", RawSafeTensors.file(header(e("a", shape: "[4]", offsets: "[0,16]")), data: eightBytes),
                  .offsets, "tensor \"a\": data_offsets [0, 16] extend past the end of the 8-byte data section"),
    SafeTensorsRejectionCase("huge offsets", RawSafeTensors.file(header(e("a", shape: "[2]", offsets: "[9223372036854775799,9223372036854775807]")), data: eightBytes),
                  .offsets, "extend past the end of the 8-byte data section"),
    SafeTensorsRejectionCase("offset beyond Int", RawSafeTensors.file(header(e("a", shape: "[2]", offsets: "[0,18446744073709551615]")), data: eightBytes),
                  .offsets, "tensor \"a\": data_offsets entry 18446744073709551615 is too large"),
    SafeTensorsRejectionCase("negative offset", RawSafeTensors.file(header(e("a", shape: "[2]", offsets: "[-8,0]")), data: eightBytes),
                  .offsets, "tensor \"a\": data_offsets entry -8 is negative"),
    SafeTensorsRejectionCase("reversed offsets", RawSafeTensors.file(header(e("a", shape: "[2]", offsets: "[8,0]")), data: eightBytes),
                  .offsets, "tensor \"a\": data_offsets [8, 0] end before they begin"),
    SafeTensorsRejectionCase("one offset", RawSafeTensors.file(header(e("a", shape: "[2]", offsets: "[8]")), data: eightBytes),
                  .offsets, "tensor \"a\": data_offsets must be [begin, end], found 1 entries"),
    SafeTensorsRejectionCase("three offsets", RawSafeTensors.file(header(e("a", shape: "[2]", offsets: "[0,8,8]")), data: eightBytes),
                  .offsets, "data_offsets must be [begin, end], found more than two entries"),
    SafeTensorsRejectionCase("overlap", RawSafeTensors.file(header(e("a", shape: "[2]", offsets: "[0,8]"), e("b", shape: "[2]", offsets: "[4,12]")),
                                                 data: twelveBytes),
                  .offsets, "tensors \"a\" [0, 8] and \"b\" [4, 12] overlap"),
    SafeTensorsRejectionCase("same region twice", RawSafeTensors.file(header(e("a", shape: "[2]", offsets: "[0,8]"), e("b", shape: "[2]", offsets: "[0,8]")),
                                                           data: eightBytes),
                  .offsets, "tensors \"a\" [0, 8] and \"b\" [0, 8] overlap"),
    SafeTensorsRejectionCase("gap", RawSafeTensors.file(header(e("a", shape: "[1]", offsets: "[0,4]"), e("b", shape: "[1]", offsets: "[8,12]")),
                                             data: twelveBytes),
                  .offsets, "gap of 4 bytes in the data section at offset 4, before tensor \"b\""),
    SafeTensorsRejectionCase("gap at the start", RawSafeTensors.file(header(e("a", shape: "[1]", offsets: "[4,8]")), data: eightBytes),
                  .offsets, "gap of 4 bytes in the data section at offset 0"),
    SafeTensorsRejectionCase("trailing data", RawSafeTensors.file(header(e("a", shape: "[2]", offsets: "[0,8]")), data: twelveBytes),
                  .offsets, "data section has 4 bytes after the last tensor"),
    SafeTensorsRejectionCase("data without tensors", RawSafeTensors.file("{}", data: eightBytes),
                  .offsets, "data section holds 8 bytes but the header declares no tensors"),
    // Duplicates.
    SafeTensorsRejectionCase("duplicate tensor", RawSafeTensors.file(header(e("a", shape: "[1]", offsets: "[0,4]"), e("a", shape: "[1]", offsets: "[4,8]")),
                                                          data: eightBytes),
                  .duplicate, "duplicate tensor name \"a\""),
    SafeTensorsRejectionCase("duplicate __metadata__", RawSafeTensors.file("{\"__metadata__\":{},\"__metadata__\":{}}"),
                  .duplicate, "duplicate \"__metadata__\" entry"),
    SafeTensorsRejectionCase("duplicate metadata key", RawSafeTensors.file("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}"),
                  .duplicate, "duplicate metadata key \"k\""),
    SafeTensorsRejectionCase("duplicate field", RawSafeTensors.file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"shape\":[2],\"data_offsets\":[0,8]}}",
                                                         data: eightBytes),
                  .duplicate, "tensor \"a\": duplicate key \"shape\""),
    SafeTensorsRejectionCase("escaped duplicate", RawSafeTensors.file(header(e("a", shape: "[1]", offsets: "[0,4]"), e("\\u0061", shape: "[1]", offsets: "[4,8]")),
                                                           data: eightBytes),
                  .duplicate, "duplicate tensor name \"a\""),
    // Checksum entry.
    SafeTensorsRejectionCase("malformed checksum", RawSafeTensors.file("{\"__metadata__\":{\"s2s.checksum\":\"crc32c:12345\"}}"),
                  .metadata, "malformed checksum \"crc32c:12345\" in \"s2s.checksum\""),
    SafeTensorsRejectionCase("unknown checksum algorithm", RawSafeTensors.file("{\"__metadata__\":{\"s2s.checksum\":\"md5:00\"}}"),
                  .metadata, "unsupported checksum \"md5:00\" in \"s2s.checksum\""),
    SafeTensorsRejectionCase("wrong checksum", RawSafeTensors.file("{\"__metadata__\":{\"s2s.checksum\":\"crc32c:00000001\"}}"),
                  .checksum, "checksum mismatch: the metadata records crc32c:00000001 but the data section hashes to crc32c:00000000"),
]

@Suite("SafeTensors validation")
struct SafeTensorsValidationTests {
    @Test("forged input is rejected with a one-line message naming the file", arguments: safeTensorsRejectionCases)
    func rejects(_ rejection: SafeTensorsRejectionCase) {
        let source = "checkpoints/forged.safetensors"
        do {
            let file = try SafeTensorsFile(bytes: rejection.bytes, source: source)
            Issue.record("accepted \(rejection.label): \(file.names)")
        } catch let error as SafeTensorsError {
            #expect(error.kind == rejection.kind, "\(error)")
            #expect(error.description.hasPrefix(source + ": "), "\(error)")
            #expect(error.description.contains(rejection.fragment), "\(error)")
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("foreign error \(error)")
        }
    }

    @Test("a flipped data bit fails the checksum")
    func corruptedData() throws {
        let file = SafeTensorsFile(tensors: [("w", Tensor(shape: [2, 2], scalars: [0.25, -1, 3, 1e-3]))])
        var bytes = try file.serialized()
        bytes[bytes.count - 3] ^= 0x10
        #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: bytes, source: "x") }
        do {
            _ = try SafeTensorsFile(bytes: bytes, source: "x")
        } catch let error as SafeTensorsError {
            #expect(error.kind == .checksum)
            #expect(error.problem.hasPrefix("checksum mismatch: the metadata records crc32c:"))
        }
    }

    @Test("configurable limits on header size and counts")
    func limits() {
        let header = header(e("a", shape: "[1]", offsets: "[0,4]"), e("b", shape: "[1]", offsets: "[4,8]"),
                            e("c", shape: "[]", offsets: "[8,12]"))
        let bytes = RawSafeTensors.file(header, data: twelveBytes)
        #expect(throws: Never.self) { try SafeTensorsFile(bytes: bytes) }
        expectSafeTensorsError(try SafeTensorsFile(bytes: bytes, limits: .init(maxHeaderBytes: 64)), .headerLength,
                    "header length \(header.utf8.count) exceeds the 64-byte limit")
        expectSafeTensorsError(try SafeTensorsFile(bytes: bytes, limits: .init(maxTensorCount: 2)), .limit, "more than 2 tensors")
        expectSafeTensorsError(try SafeTensorsFile(bytes: bytes, limits: .init(maxRank: 0)), .shape, "shape has more than 0 dimensions")
        let metadata = RawSafeTensors.file("{\"__metadata__\":{\"a\":\"1\",\"b\":\"2\"}}")
        expectSafeTensorsError(try SafeTensorsFile(bytes: metadata, limits: .init(maxMetadataEntries: 1)), .limit, "more than 1 metadata entries")
    }

    @Test("hostile names cannot break or flood the message")
    func hostileNames() {
        let longName = String(repeating: "x", count: 10_000)
        let bytes = RawSafeTensors.file(header(e("bad\\nname\\u2028" + longName, shape: "[1]", offsets: "[0,4]", dtype: "I8")),
                                        data: RawSafeTensors.floats([1]))
        expectSafeTensorsError(try SafeTensorsFile(bytes: bytes, source: "a\nb.safetensors"), .dtype, "tensor \"bad\\nname\\u{2028}xxx")
        do {
            _ = try SafeTensorsFile(bytes: bytes, source: "a\nb.safetensors")
        } catch {
            let message = String(describing: error)
            #expect(!message.contains("\n"))
            #expect(!message.contains("\u{2028}"))
            #expect(message.count < 200)
            #expect(message.contains("…"))
        }
    }

    @Test("lenient where the format is: other writers' layouts load")
    func acceptsOtherWriters() throws {
        // No metadata, no padding, whitespace, keys in another order, header order unlike data order,
        // escaped names, a surrogate pair, -0 as an offset.
        let header = """
        { "b" : { "data_offsets" : [ 8 , 12 ] , "shape" : [ ] , "dtype" : "F32" },
          "\\u00e9t\\u00e9\\ud83d\\ude00": {"shape":[2],"dtype":"F32","data_offsets":[-0,8]},
          "z": {"shape":[0,3],"dtype":"F32","data_offsets":[12,12]} }
        """
        let file = try SafeTensorsFile(bytes: RawSafeTensors.file(header, data: twelveBytes))
        #expect(file.names == ["été😀", "b", "z"])
        #expect(file.tensor(named: "été😀") == Tensor(shape: [2], scalars: [1, 2]))
        #expect(file.tensor(named: "b") == Tensor(shape: [], scalars: [3]))
        #expect(file.tensor(named: "z")?.shape == [0, 3])
        #expect(file.metadata.isEmpty)

        let empty = try SafeTensorsFile(bytes: RawSafeTensors.file("{}"))
        #expect(empty.tensors.isEmpty && empty.metadata.isEmpty)
        let metadataOnly = try SafeTensorsFile(bytes: RawSafeTensors.file("{\"__metadata__\":{\"format\":\"pt\"}}   "))
        #expect(metadataOnly.metadata == ["format": "pt"])
    }

    @Test("reading from disk: missing, directory, short and truncated files")
    func fileErrors() throws {
        let directory = try SafeTensorsTemporaryDirectory()
        defer { directory.remove() }
        let missing = directory.path + "/missing.safetensors"
        expectSafeTensorsError(try SafeTensorsFile.read(path: missing), .io, "\(missing): cannot open for reading: No such file or directory")
        expectSafeTensorsError(try SafeTensorsFile.read(path: directory.path), .io, "is a directory, not a safetensors file")

        let short = directory.path + "/short.safetensors"
        try Data([1, 2, 3, 4]).write(to: URL(fileURLWithPath: short))
        expectSafeTensorsError(try SafeTensorsFile.read(path: short), .headerLength, "\(short): file is too short (4 bytes)")

        let valid = try SafeTensorsFile(tensors: [("w", Tensor(shape: [3], scalars: [1, 2, 3]))]).serialized()
        let truncated = directory.path + "/truncated.safetensors"
        try Data(valid.dropLast(4)).write(to: URL(fileURLWithPath: truncated))
        expectSafeTensorsError(try SafeTensorsFile.read(path: truncated), .offsets, "extend past the end of the 8-byte data section")
        try Data(valid.prefix(20)).write(to: URL(fileURLWithPath: truncated))
        expectSafeTensorsError(try SafeTensorsFile.read(path: truncated), .headerLength, "is larger than the 12 bytes after the length prefix")

        let forged = directory.path + "/forged.safetensors"
        try Data(RawSafeTensors.file("{}", headerLength: UInt64(Int64.max))).write(to: URL(fileURLWithPath: forged))
        expectSafeTensorsError(try SafeTensorsFile.read(path: forged), .headerLength,
                    "\(forged): header length 9223372036854775807 exceeds the 100 MB limit")
    }
}

/// Expects `body` to throw a `SafeTensorsError` of `kind` whose message contains `fragment`.
func expectSafeTensorsError<T>(_ body: @autoclosure () throws -> T, _ kind: SafeTensorsError.Kind, _ fragment: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try body()
        Issue.record("expected an error containing \(fragment)", sourceLocation: sourceLocation)
    } catch let error as SafeTensorsError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("foreign error \(error)", sourceLocation: sourceLocation)
    }
}

/// A fresh directory under the system temporary directory.
struct SafeTensorsTemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("s2s-safetensors-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// File names in the directory, sorted.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
