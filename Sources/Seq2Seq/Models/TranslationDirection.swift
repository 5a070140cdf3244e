/// A source and a target language, written `en-fr`.
public struct TranslationDirection: Hashable, Sendable, CustomStringConvertible {
    public let source: Language
    public let target: Language

    public init(source: Language, target: Language) {
        self.source = source
        self.target = target
    }

    /// Parses `en-fr`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let s = Language(rawValue: String(parts[0])), let t = Language(rawValue: String(parts[1])),
              s != t else { return nil }
        self.init(source: s, target: t)
    }

    public var description: String { "\(source.rawValue)-\(target.rawValue)" }
    public var reversed: TranslationDirection { TranslationDirection(source: target, target: source) }
}

/// A model for one direction together with the vocabularies that give its ids meaning.
public final class DirectionalModel {
    public let direction: TranslationDirection
    public let sourceVocabulary: Vocabulary
    public let targetVocabulary: Vocabulary
    public let model: TranslationModel
    /// Whether the text was kept in its case (`--keep-case`) rather than lower-cased.
    public let keepCase: Bool

    public init(direction: TranslationDirection, sourceVocabulary: Vocabulary, targetVocabulary: Vocabulary,
                model: TranslationModel, keepCase: Bool = false) {
        self.keepCase = keepCase
        self.direction = direction
        self.sourceVocabulary = sourceVocabulary
        self.targetVocabulary = targetVocabulary
        self.model = model
    }

    /// Source ids for a tokenised sentence, with the closing `</s>` the encoder expects.
    public func encodeSource(_ tokens: [String]) -> [Int32] {
        sourceVocabulary.encode(tokens) + [Int32(Vocabulary.end)]
    }
}
