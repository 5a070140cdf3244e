/// A bidirectional token ↔ id table.
///
/// Layout (fixed, so checkpoints and code agree): `<pad>` = 0, `<unk>` = 1, `<s>` = 2,
/// `</s>` = 3, then one language tag per `Language` in declaration order (`<2en>` = 4,
/// `<2fr>` = 5), then words by descending frequency, ties broken by their UTF-8 bytes so the
/// same counts always give the same ids, whatever the order of the input.
public struct Vocabulary: Sendable, Equatable {
    /// Padding, for batching sequences of different lengths.
    public static let pad: Int32 = 0
    /// Any token not in the vocabulary.
    public static let unknown: Int32 = 1
    /// Start of sequence (the decoder's first input).
    public static let start: Int32 = 2
    /// End of sequence.
    public static let end: Int32 = 3

    public static let padToken = "<pad>"
    public static let unknownToken = "<unk>"
    public static let startToken = "<s>"
    public static let endToken = "</s>"

    /// The reserved tokens at ids `0..<specialTokens.count`, in id order.
    public static let specialTokens: [String] =
        [padToken, unknownToken, startToken, endToken] + Language.allCases.map(languageTagToken(for:))

    /// The language tag token (`<2fr>`), which can tell a multilingual model the target language.
    public static func languageTagToken(for language: Language) -> String {
        "<2\(language.rawValue)>"
    }

    /// The id of the language tag token of `language`.
    public static func languageTag(for language: Language) -> Int32 {
        let index = Language.allCases.firstIndex(of: language) ?? 0
        return 4 + Int32(index)
    }

    /// All tokens, indexed by id.
    public let tokens: [String]
    private let ids: [String: Int32]

    /// The number of tokens, specials included.
    public var count: Int { tokens.count }

    /// Builds a vocabulary from tokenised sentences.
    /// - Parameters:
    ///   - sentences: token sequences; literal special tokens in them are not counted.
    ///   - minCount: words seen fewer times are left out (they will map to `<unk>`).
    ///   - maxSize: the largest vocabulary, specials included; the least frequent words are cut.
    public init(counting sentences: [[String]], minCount: Int = 1, maxSize: Int? = nil) {
        var counts: [String: Int] = [:]
        for sentence in sentences {
            for token in sentence {
                counts[token, default: 0] += 1
            }
        }
        for special in Self.specialTokens {
            counts[special] = nil
        }
        var words = counts.filter { $0.value >= max(minCount, 1) }.map { (token: $0.key, count: $0.value) }
        words.sort { left, right in
            if left.count != right.count { return left.count > right.count }
            return left.token.utf8.lexicographicallyPrecedes(right.token.utf8)
        }
        var tokens = Self.specialTokens
        let wordLimit = maxSize.map { max(0, $0 - tokens.count) } ?? words.count
        tokens += words.prefix(wordLimit).map(\.token)
        self.tokens = tokens
        self.ids = Self.index(tokens)
    }

    /// Restores a vocabulary saved as its `tokens` (for example from a checkpoint).
    /// - Throws: `VocabularyError` if the specials are not at their fixed ids, or a token is
    ///   empty or repeated.
    public init(tokens: [String]) throws {
        guard tokens.count >= Self.specialTokens.count else {
            throw VocabularyError.missingSpecialTokens(found: tokens.count)
        }
        for (id, special) in Self.specialTokens.enumerated() where tokens[id] != special {
            throw VocabularyError.misplacedSpecialToken(id: id, expected: special, found: tokens[id])
        }
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() {
            if token.isEmpty { throw VocabularyError.emptyToken(id: id) }
            if let first = ids.updateValue(Int32(id), forKey: token) {
                throw VocabularyError.duplicateToken(token, firstID: Int(first), secondID: id)
            }
        }
        self.tokens = tokens
        self.ids = ids
    }

    private static func index(_ tokens: [String]) -> [String: Int32] {
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() {
            ids[token] = Int32(id)
        }
        return ids
    }

    /// The id of `token`, or `Vocabulary.unknown`.
    public func id(of token: String) -> Int32 {
        ids[token] ?? Self.unknown
    }

    /// Whether `token` has an id of its own.
    public func contains(_ token: String) -> Bool {
        ids[token] != nil
    }

    /// The token with this id, or `<unk>` for an id out of range.
    public func token(at id: Int32) -> String {
        token(at: Int(id))
    }

    /// The token with this id, or `<unk>` for an id out of range.
    public func token(at id: Int) -> String {
        id >= 0 && id < tokens.count ? tokens[id] : Self.unknownToken
    }

    /// Maps tokens to ids (unknown words to `unknown`); adds no `<s>` or `</s>`.
    public func encode(_ tokens: [String]) -> [Int32] {
        tokens.map(id(of:))
    }

    /// Maps ids back to tokens, stopping at the first `</s>` and skipping `<pad>`, `<s>` and the
    /// language tags. `<unk>` is kept by default, so that a missing word stays visible.
    public func decode(_ ids: [Int32], keepUnknown: Bool = true) -> [String] {
        var result: [String] = []
        result.reserveCapacity(ids.count)
        for id in ids {
            if id == Self.end { break }
            if id == Self.unknown {
                if keepUnknown { result.append(Self.unknownToken) }
                continue
            }
            if id >= 0 && Int(id) < Self.specialTokens.count { continue }
            result.append(token(at: id))
        }
        return result
    }
}
