/// How many terminal columns text occupies, counted per Unicode scalar (never per byte).
///
/// An approximation of `wcwidth` that needs no tables from the C library: combining marks,
/// format characters and variation selectors take no column, East Asian wide and fullwidth
/// characters (CJK, Hangul, fullwidth forms) and pictographic emoji take two, the rest one.
public enum TerminalDisplayWidth {
    /// Columns taken by a whole string.
    public static func columns(of text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + columns(of: $1) }
    }

    /// Columns taken by one character (grapheme cluster).
    public static func columns(of character: Character) -> Int {
        character.unicodeScalars.reduce(0) { $0 + columns(of: $1) }
    }

    /// Columns taken by one scalar: 0, 1 or 2.
    public static func columns(of scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control:
            return 0
        default:
            break
        }
        return isWide(scalar.value) ? 2 : 1
    }

    /// The East Asian Wide/Fullwidth blocks and the emoji blocks that terminals draw double-width.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F,    // Hangul Jamo initials
             0x2E80...0x303E,    // CJK radicals, punctuation
             0x3041...0x33FF,    // kana, CJK symbols
             0x3400...0x4DBF,    // CJK extension A
             0x4E00...0x9FFF,    // CJK unified ideographs
             0xA000...0xA4CF,    // Yi
             0xAC00...0xD7A3,    // Hangul syllables
             0xF900...0xFAFF,    // CJK compatibility ideographs
             0xFE30...0xFE4F,    // CJK compatibility forms
             0xFF00...0xFF60,    // fullwidth forms
             0xFFE0...0xFFE6,
             0x1F300...0x1F64F,  // pictographs, emoticons
             0x1F900...0x1F9FF,  // supplemental pictographs
             0x20000...0x2FFFD,  // CJK extensions B–F
             0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` with control characters (which could smuggle terminal escape sequences into the
    /// output or break the layout) replaced by U+FFFD.
    public static func sanitized(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(scalar.properties.generalCategory == .control ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    /// `text` cut to at most `limit` columns, ending in "…" when something was cut.
    public static func truncated(_ text: String, toColumns limit: Int) -> String {
        guard columns(of: text) > limit else { return text }
        var result = ""
        var used = 0
        for character in text {
            let width = columns(of: character)
            if used + width > limit - 1 { break }
            result.append(character)
            used += width
        }
        return result + "…"
    }

    /// `text` preceded by spaces so that it fills `width` columns (right-aligned).
    public static func padLeft(_ text: String, toColumns width: Int) -> String {
        String(repeating: " ", count: max(0, width - columns(of: text))) + text
    }
}
