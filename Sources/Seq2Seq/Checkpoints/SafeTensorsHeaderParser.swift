/// One tensor as the header declares it, before it is checked against the data section.
struct SafeTensorsHeaderEntry: Sendable {
    var name: String
    var dtype: String
    var shape: [Int]
    var begin: Int
    var end: Int
}

/// The decoded header: tensor entries in the order they appear, and the metadata.
struct SafeTensorsHeader: Sendable {
    var entries: [SafeTensorsHeaderEntry]
    var metadata: [String: String]
}

/// A strict JSON reader for exactly the safetensors header schema.
///
/// Not `JSONSerialization`, because that silently merges duplicate keys (a duplicate tensor name
/// must be an error), forgets key order (which keeps zero-size tensors in file order) and turns
/// large integers into doubles. Reading against the schema also bounds memory: no value nests,
/// arrays are capped at `maxRank` entries, and entry counts are capped by the limits. Every
/// access checks `position` against the buffer, which matters in `-Ounchecked` builds.
struct SafeTensorsHeaderParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let source: String
    private let limits: SafeTensorsFile.Limits
    private var position = 0

    /// Decodes `bytes` (the header without its length prefix, padding included).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String,
                      limits: SafeTensorsFile.Limits) throws -> SafeTensorsHeader {
        var parser = SafeTensorsHeaderParser(bytes: bytes, source: source, limits: limits)
        return try parser.parseHeader()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, source: String, limits: SafeTensorsFile.Limits) {
        self.bytes = bytes
        self.source = source
        self.limits = limits
    }

    // MARK: Schema

    private mutating func parseHeader() throws -> SafeTensorsHeader {
        skipWhitespace()
        guard current == ASCII.openBrace else {
            if current == nil { throw syntaxError("the header is empty") }
            throw typeMismatch(.schema, "the header", mustBe: "a JSON object")
        }
        position += 1
        var entries: [SafeTensorsHeaderEntry] = []
        var names = Set<String>()
        var metadata: [String: String]?
        var isFirst = true
        while let key = try nextKey(isFirst: isFirst) {
            isFirst = false
            if key == "__metadata__" {
                guard metadata == nil else { throw error(.duplicate, "duplicate \"__metadata__\" entry") }
                metadata = try parseMetadata()
            } else {
                guard names.insert(key).inserted else {
                    throw error(.duplicate, "duplicate tensor name \(SafeTensorsError.quoted(key))")
                }
                guard entries.count < limits.maxTensorCount else {
                    throw error(.limit, "more than \(limits.maxTensorCount) tensors")
                }
                entries.append(try parseTensorInfo(name: key))
            }
        }
        skipWhitespace()
        guard position == bytes.count else { throw syntaxError("unexpected \(describeCurrent()) after the header object") }
        return SafeTensorsHeader(entries: entries, metadata: metadata ?? [:])
    }

    private mutating func parseMetadata() throws -> [String: String] {
        guard current == ASCII.openBrace else {
            throw typeMismatch(.metadata, "\"__metadata__\"", mustBe: "an object of strings")
        }
        position += 1
        var metadata: [String: String] = [:]
        var isFirst = true
        while let key = try nextKey(isFirst: isFirst) {
            isFirst = false
            guard current == ASCII.quote else {
                throw typeMismatch(.metadata, "\"__metadata__\" value for key \(SafeTensorsError.quoted(key))",
                                   mustBe: "a string")
            }
            let value = try parseString()
            guard metadata.count < limits.maxMetadataEntries else {
                throw error(.limit, "more than \(limits.maxMetadataEntries) metadata entries")
            }
            guard metadata.updateValue(value, forKey: key) == nil else {
                throw error(.duplicate, "duplicate metadata key \(SafeTensorsError.quoted(key))")
            }
        }
        return metadata
    }

    private mutating func parseTensorInfo(name: String) throws -> SafeTensorsHeaderEntry {
        let label = "tensor \(SafeTensorsError.quoted(name))"
        guard current == ASCII.openBrace else { throw typeMismatch(.schema, label, mustBe: "an object") }
        position += 1
        var dtype: String?
        var shape: [Int]?
        var offsets: [Int]?
        var isFirst = true
        while let key = try nextKey(isFirst: isFirst) {
            isFirst = false
            switch key {
            case "dtype":
                guard dtype == nil else { throw error(.duplicate, "\(label): duplicate key \"dtype\"") }
                guard current == ASCII.quote else { throw typeMismatch(.schema, "\(label): \"dtype\"", mustBe: "a string") }
                dtype = try parseString()
            case "shape":
                guard shape == nil else { throw error(.duplicate, "\(label): duplicate key \"shape\"") }
                shape = try parseIntegerArray(
                    kind: .shape, subject: "\(label): \"shape\"", entry: "\(label): shape entry",
                    maxCount: limits.maxRank, tooMany: "\(label): shape has more than \(limits.maxRank) dimensions")
            case "data_offsets":
                guard offsets == nil else { throw error(.duplicate, "\(label): duplicate key \"data_offsets\"") }
                let values = try parseIntegerArray(
                    kind: .offsets, subject: "\(label): \"data_offsets\"", entry: "\(label): data_offsets entry",
                    maxCount: 2, tooMany: "\(label): data_offsets must be [begin, end], found more than two entries")
                guard values.count == 2 else {
                    throw error(.offsets, "\(label): data_offsets must be [begin, end], found \(values.count) entries")
                }
                offsets = values
            default:
                throw error(.schema, "\(label): unexpected key \(SafeTensorsError.quoted(key))")
            }
        }
        guard let dtype else { throw error(.schema, "\(label): missing \"dtype\"") }
        guard let shape else { throw error(.schema, "\(label): missing \"shape\"") }
        guard let offsets, offsets.count == 2 else { throw error(.schema, "\(label): missing \"data_offsets\"") }
        return SafeTensorsHeaderEntry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }

    // MARK: JSON pieces

    /// After an object's `{`: the next key with the reader placed on its value, or nil once the
    /// closing `}` has been consumed.
    private mutating func nextKey(isFirst: Bool) throws -> String? {
        skipWhitespace()
        if isFirst {
            if current == ASCII.closeBrace {
                position += 1
                return nil
            }
        } else {
            switch current {
            case ASCII.comma:
                position += 1
                skipWhitespace()
            case ASCII.closeBrace:
                position += 1
                return nil
            default:
                throw syntaxError("expected ',' or '}' after an object member, found \(describeCurrent())")
            }
        }
        guard current == ASCII.quote else { throw syntaxError("expected a string key, found \(describeCurrent())") }
        let key = try parseString()
        skipWhitespace()
        guard current == ASCII.colon else { throw syntaxError("expected ':' after an object key, found \(describeCurrent())") }
        position += 1
        skipWhitespace()
        return key
    }

    private mutating func parseIntegerArray(kind: SafeTensorsError.Kind, subject: String, entry: String,
                                            maxCount: Int, tooMany: String) throws -> [Int] {
        guard current == ASCII.openBracket else { throw typeMismatch(kind, subject, mustBe: "an array of integers") }
        position += 1
        skipWhitespace()
        var values: [Int] = []
        if current == ASCII.closeBracket {
            position += 1
            return values
        }
        while true {
            skipWhitespace()
            guard values.count < maxCount else { throw error(kind, tooMany) }
            values.append(try parseInteger(kind: kind, subject: entry))
            skipWhitespace()
            switch current {
            case ASCII.comma:
                position += 1
            case ASCII.closeBracket:
                position += 1
                return values
            default:
                throw syntaxError("expected ',' or ']' in an array, found \(describeCurrent())")
            }
        }
    }

    /// A JSON number that must be a non-negative integer fitting in `Int`.
    private mutating func parseInteger(kind: SafeTensorsError.Kind, subject: String) throws -> Int {
        let start = position
        guard let first = current, first == ASCII.minus || ASCII.isDigit(first) else {
            throw typeMismatch(kind, subject, mustBe: "an integer")
        }
        let negative = first == ASCII.minus
        if negative { position += 1 }
        let digitsStart = position
        guard let leading = current, ASCII.isDigit(leading) else {
            throw syntaxError("expected a digit in a number, found \(describeCurrent())")
        }
        position += 1
        if leading == ASCII.zero, let next = current, ASCII.isDigit(next) {
            throw syntaxError("numbers must not have leading zeros")
        }
        skipDigits()
        let digitsEnd = position
        var isInteger = true
        if current == ASCII.dot {
            position += 1
            try requireDigits()
            isInteger = false
        }
        if current == ASCII.lowerE || current == ASCII.upperE {
            position += 1
            if current == ASCII.plus || current == ASCII.minus { position += 1 }
            try requireDigits()
            isInteger = false
        }
        let token = Self.abbreviated(bytes[start..<position])
        guard isInteger else { throw error(kind, "\(subject) \(token) is not an integer") }
        var value = 0
        for index in digitsStart..<digitsEnd {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(bytes[index] &- ASCII.zero))
            guard !overflow1, !overflow2 else { throw error(kind, "\(subject) \(token) is too large") }
            value = sum
        }
        guard !negative || value == 0 else { throw error(kind, "\(subject) \(token) is negative") }
        return value
    }

    /// A JSON string (the reader on its opening quote), decoded and checked to be valid UTF-8.
    private mutating func parseString() throws -> String {
        let opening = position
        position += 1
        var segmentStart = position
        var unescaped: [UInt8] = []
        var hasEscapes = false
        while true {
            guard let byte = current else { throw error(.json, "malformed JSON header at byte \(opening): unterminated string") }
            if byte == ASCII.quote { break }
            if byte < 0x20 {
                throw syntaxError("control character \(Self.hex(byte)) in a string must be escaped")
            }
            if byte != ASCII.backslash {
                position += 1
                continue
            }
            hasEscapes = true
            unescaped.append(contentsOf: bytes[segmentStart..<position])
            position += 1
            guard let escape = current else { throw error(.json, "malformed JSON header at byte \(opening): unterminated string") }
            position += 1
            switch escape {
            case ASCII.quote, ASCII.backslash, ASCII.slash: unescaped.append(escape)
            case UInt8(ascii: "b"): unescaped.append(0x08)
            case UInt8(ascii: "f"): unescaped.append(0x0C)
            case UInt8(ascii: "n"): unescaped.append(0x0A)
            case UInt8(ascii: "r"): unescaped.append(0x0D)
            case UInt8(ascii: "t"): unescaped.append(0x09)
            case UInt8(ascii: "u"): unescaped.append(contentsOf: try parseUnicodeEscape())
            default: throw syntaxError("invalid escape '\\\(Self.describe(escape))' in a string")
            }
            segmentStart = position
        }
        let contents: String?
        if hasEscapes {
            unescaped.append(contentsOf: bytes[segmentStart..<position])
            contents = String(validating: unescaped, as: UTF8.self)
        } else {
            contents = String(validating: bytes[segmentStart..<position], as: UTF8.self)
        }
        position += 1
        guard let contents else {
            throw error(.json, "malformed JSON header at byte \(opening): string is not valid UTF-8")
        }
        return contents
    }

    /// The UTF-8 bytes of a `\uXXXX` escape (the reader just after the `u`), joining surrogate pairs.
    private mutating func parseUnicodeEscape() throws -> [UInt8] {
        let first = try parseHex4()
        var scalarValue = UInt32(first)
        if (0xD800..<0xDC00).contains(first) {
            guard current == ASCII.backslash, position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                throw syntaxError("unpaired surrogate \\u\(String(first, radix: 16)) in a string")
            }
            position += 2
            let second = try parseHex4()
            guard (0xDC00..<0xE000).contains(second) else {
                throw syntaxError("unpaired surrogate \\u\(String(first, radix: 16)) in a string")
            }
            scalarValue = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
        } else if (0xDC00..<0xE000).contains(first) {
            throw syntaxError("unpaired surrogate \\u\(String(first, radix: 16)) in a string")
        }
        guard let scalar = Unicode.Scalar(scalarValue) else {
            throw syntaxError("invalid \\u escape in a string")
        }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func parseHex4() throws -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = ASCII.hexValue(byte) else {
                throw syntaxError("\\u must be followed by four hex digits")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private mutating func skipDigits() {
        while let byte = current, ASCII.isDigit(byte) { position += 1 }
    }

    private mutating func requireDigits() throws {
        guard let byte = current, ASCII.isDigit(byte) else {
            throw syntaxError("expected a digit in a number, found \(describeCurrent())")
        }
        skipDigits()
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == ASCII.space || byte == ASCII.newline || byte == ASCII.tab
            || byte == ASCII.carriageReturn {
            position += 1
        }
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    // MARK: Errors

    private func error(_ kind: SafeTensorsError.Kind, _ problem: String) -> SafeTensorsError {
        SafeTensorsError(kind, source: source, problem)
    }

    private func syntaxError(_ what: String) -> SafeTensorsError {
        error(.json, "malformed JSON header at byte \(position): \(what)")
    }

    /// "`subject` must be `mustBe`, found a string", or a syntax error if no JSON value starts here.
    private func typeMismatch(_ kind: SafeTensorsError.Kind, _ subject: String, mustBe: String) -> SafeTensorsError {
        let found: String
        switch current {
        case ASCII.quote: found = "a string"
        case ASCII.openBrace: found = "an object"
        case ASCII.openBracket: found = "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): found = "a boolean"
        case UInt8(ascii: "n"): found = "null"
        case let byte? where byte == ASCII.minus || ASCII.isDigit(byte): found = "a number"
        default: return syntaxError("expected a JSON value, found \(describeCurrent())")
        }
        return error(kind, "\(subject) must be \(mustBe), found \(found)")
    }

    private func describeCurrent() -> String {
        guard let byte = current else { return "the end of the header" }
        return (0x21...0x7E).contains(byte) ? "'" + Self.describe(byte) + "'" : Self.hex(byte)
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : hex(byte)
    }

    private static func hex(_ byte: UInt8) -> String {
        "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }

    /// A number token for a message, cut short so a megabyte of digits cannot flood it.
    private static func abbreviated(_ token: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        let limit = 40
        let text = String(decoding: token.prefix(limit), as: UTF8.self)
        return token.count > limit ? text + "…" : text
    }
}

/// The ASCII bytes the header grammar is made of.
private enum ASCII {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let lowerE = UInt8(ascii: "e")
    static let upperE = UInt8(ascii: "E")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= UInt8(ascii: "9") }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
