import Foundation

/// Cleans raw sentence text into the canonical form that tokenisation, vocabulary lookup,
/// de-duplication and hashing all rely on.
///
/// In order of effect:
/// - every kind of white space (tab, line breaks, U+00A0, U+202F, U+2009 and every other
///   `Zs` space) becomes a plain U+0020 space, runs of spaces collapse to one, and the ends
///   are trimmed — the corpus writes `Cours\u{202F}!`, which becomes `cours !`;
/// - typographic apostrophes `’ ‘ ʼ ‛` become `'`, so `aujourd’hui` and `aujourd'hui` agree;
/// - control and invisible format characters (`Cc`, `Cf`: soft hyphen, zero-width space, BOM)
///   are removed;
/// - letters are lower-cased unless `keepCase` is set (accents are kept: `É` → `é`);
/// - the result is in Unicode NFC, so `e` + U+0301 and `é` compare equal.
public struct TextNormalizer: Sendable {
    /// Keeps the original letter case instead of lower-casing.
    public var keepCase: Bool

    public init(keepCase: Bool = false) {
        self.keepCase = keepCase
    }

    /// Returns the normalised form of `text` (see the type's documentation).
    public func normalize(_ text: String) -> String {
        let bytes = normalizedUTF8(text)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The normalised text as UTF-8 bytes; the tokenizer scans these directly.
    func normalizedUTF8(_ text: String) -> [UInt8] {
        if let bytes = text.utf8.withContiguousStorageIfAvailable({ normalizedUTF8(validUTF8: $0) }) {
            return bytes
        }
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { normalizedUTF8(validUTF8: $0) } ?? []
    }

    /// Works on the bytes directly: ASCII, nearly all of the corpus, never leaves the fast path.
    private func normalizedUTF8(validUTF8 input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let count = input.count
        // Every input scalar yields at most three bytes (lower-casing can turn 2 bytes into 3),
        // and an inserted space always replaces at least one input byte.
        var mayNeedComposition = false
        var output = [UInt8](unsafeUninitializedCapacity: 3 * count) { buffer, written in
            var length = 0
            var pendingSpace = false
            let caseOffset: UInt8 = keepCase ? 0 : 0x20
            var index = 0
            while index < count {
                let byte = input[index]
                if byte < 0x80 {
                    index += 1
                    if byte > 0x20 && byte != 0x7F {
                        if pendingSpace {
                            if length > 0 { buffer[length] = 0x20; length += 1 }
                            pendingSpace = false
                        }
                        buffer[length] = byte >= 0x41 && byte <= 0x5A ? byte &+ caseOffset : byte
                        length += 1
                    } else if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                        pendingSpace = true
                    }
                    continue
                }
                let (scalar, scalarLength) = Self.decodeScalar(input, at: index)
                index += scalarLength
                let kind = TextNormalizer.classify(scalar)
                if kind == .space {
                    pendingSpace = true
                    continue
                }
                if kind == .removed { continue }
                if pendingSpace {
                    if length > 0 { buffer[length] = 0x20; length += 1 }
                    pendingSpace = false
                }
                if kind == .apostrophe {
                    buffer[length] = 0x27
                    length += 1
                    continue
                }
                if scalar.value >= 0x300 { mayNeedComposition = true }
                var lowered = scalar
                if !keepCase, let single = Self.singleScalarLowercase(scalar) {
                    lowered = single
                } else if !keepCase {
                    // A multi-scalar lower case (only U+0130 İ → i + U+0307): at most 3 bytes.
                    for unit in scalar.properties.lowercaseMapping.utf8 {
                        buffer[length] = unit
                        length += 1
                    }
                    mayNeedComposition = true
                    continue
                }
                UTF8.encode(lowered) { unit in
                    buffer[length] = unit
                    length += 1
                }
            }
            written = length
        }
        if mayNeedComposition {
            let composed = String(decoding: output, as: UTF8.self).precomposedStringWithCanonicalMapping
            output = Array(composed.utf8)
        }
        return output
    }

    /// The lower case of a non-ASCII scalar when it is a single scalar (nil for `İ`).
    @inline(__always)
    private static func singleScalarLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value
        // Latin-1 capitals (except × at U+00D7) lower-case by adding 0x20.
        if value >= 0xC0 && value <= 0xDE && value != 0xD7 {
            return Unicode.Scalar(UInt8(value + 0x20))
        }
        if value < 0x100 || !scalar.properties.changesWhenLowercased { return scalar }
        let mapping = scalar.properties.lowercaseMapping.unicodeScalars
        guard mapping.count == 1, let first = mapping.first else { return nil }
        return first
    }

    /// Decodes the scalar that starts at `index` of valid UTF-8 (a Swift string's storage).
    @inline(__always)
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        let value: UInt32
        let length: Int
        if lead < 0xE0 {
            value = ((lead & 0x1F) << 6) | (UInt32(bytes[index + 1]) & 0x3F)
            length = 2
        } else if lead < 0xF0 {
            value = ((lead & 0x0F) << 12) | ((UInt32(bytes[index + 1]) & 0x3F) << 6) | (UInt32(bytes[index + 2]) & 0x3F)
            length = 3
        } else {
            value = ((lead & 0x07) << 18) | ((UInt32(bytes[index + 1]) & 0x3F) << 12)
                | ((UInt32(bytes[index + 2]) & 0x3F) << 6) | (UInt32(bytes[index + 3]) & 0x3F)
            length = 4
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    enum ScalarClass {
        case space, removed, apostrophe, other
    }

    /// Classifies a non-ASCII scalar; Latin-1 is decided without a Unicode property lookup.
    @inline(__always)
    static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        let value = scalar.value
        if value < 0x100 {
            switch value {
            case 0xA0, 0x85: return .space
            case 0x80...0x9F, 0xAD: return .removed
            default: return .other
            }
        }
        switch value {
        case 0x2019, 0x2018, 0x02BC, 0x201B: return .apostrophe
        case 0x2028, 0x2029: return .space
        default: break
        }
        switch scalar.properties.generalCategory {
        case .spaceSeparator: return .space
        case .control, .format: return .removed
        default: return .other
        }
    }

    /// Whether a scalar disappears or becomes a space under normalisation, i.e. whether a
    /// string made only of such scalars normalises to the empty string.
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value <= 0x20 || value == 0x7F }
        switch classify(scalar) {
        case .space, .removed: return true
        case .apostrophe, .other: return false
        }
    }
}
