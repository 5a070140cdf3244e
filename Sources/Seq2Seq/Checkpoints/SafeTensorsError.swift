/// Why a safetensors file could not be read or written, as one line naming the file and the
/// problem, for example
/// `checkpoints/x.safetensors: header length 9223372036854775807 exceeds the 100 MB limit`.
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The broad class of problem, so that callers and tests can branch without parsing text.
    public enum Kind: String, Sendable, CaseIterable {
        /// The file could not be opened, read, written, synced or renamed.
        case io
        /// The 8-byte header length is out of bounds (too large, or past the end of the file).
        case headerLength
        /// The header is not well-formed JSON (including invalid UTF-8 inside strings).
        case json
        /// The JSON is well-formed but does not have the safetensors structure.
        case schema
        /// A tensor declares a dtype other than F32.
        case dtype
        /// A shape is negative, too long, or its byte count overflows.
        case shape
        /// Data offsets are outside the data section, overlap, leave gaps, or disagree with the shape.
        case offsets
        /// Two tensors (or two metadata keys, or two `__metadata__` entries) share a name.
        case duplicate
        /// `__metadata__` is not an object of strings, or the checksum entry is malformed.
        case metadata
        /// The data section does not match the checksum recorded in the metadata.
        case checksum
        /// The header exceeds a configured count limit (tensors, metadata entries).
        case limit
        /// A tensor handed to the writer is inconsistent (name or shape), so no valid file exists.
        case invalidTensor
    }

    /// The broad class of problem.
    public var kind: Kind
    /// The file path (or other label) the problem belongs to.
    public var source: String
    /// What is wrong, without the source.
    public var problem: String

    /// Creates an error about `source`.
    public init(_ kind: Kind, source: String, _ problem: String) {
        self.kind = kind
        self.source = source
        self.problem = problem
    }

    /// `source: problem`, always on one line.
    public var description: String {
        Self.singleLine(source) + ": " + Self.singleLine(problem)
    }

    /// `text` in double quotes, with control characters escaped and long text shortened, so
    /// that an attacker-chosen name can neither break the line nor flood the message.
    static func quoted(_ text: String, limit: Int = 64) -> String {
        var result = "\""
        var written = 0
        for scalar in text.unicodeScalars {
            if written == limit {
                result += "…"
                break
            }
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    result += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
            written += 1
        }
        return result + "\""
    }

    private static func singleLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" })
        else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
        }))
    }
}
