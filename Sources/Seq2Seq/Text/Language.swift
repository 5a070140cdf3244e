/// A language the toolkit can translate from or to.
///
/// The raw value is the ISO 639-1 code used in corpus file names (`en-fr.tsv`) and in the
/// vocabulary's language-tag tokens (`<2en>`, `<2fr>`).
public enum Language: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// English.
    case en
    /// French.
    case fr

    /// The language's English name, for messages and reports.
    public var displayName: String {
        switch self {
        case .en: return "English"
        case .fr: return "French"
        }
    }

    /// The ISO 639-1 code, the same as `rawValue`.
    public var code: String { rawValue }

    public var description: String { rawValue }

    /// Looks a language up by its code, ignoring case (`"EN"` → `.en`).
    public init?(code: String) {
        self.init(rawValue: code.lowercased())
    }
}
