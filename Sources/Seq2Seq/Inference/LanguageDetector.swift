/// Guesses whether a sentence is English or French, for `s2s translate` without `--from`.
///
/// Each candidate language scores the share of the sentence's words that its model's source
/// vocabulary knows (a trained vocabulary is a good lexicon of exactly the sentences the model
/// can handle), plus strong hints: French accented letters and elided articles (`l'`, `j'`, `qu'`)
/// count for French, English contractions (`n't`, `'s`, `'m`) for English. Ties go to the first
/// candidate. It is a heuristic for short everyday sentences, not a general language identifier.
public struct LanguageDetector {
    /// The candidate languages with the vocabulary of the model that reads each.
    public let candidates: [(language: Language, vocabulary: Vocabulary)]

    public init(candidates: [(language: Language, vocabulary: Vocabulary)]) {
        self.candidates = candidates
    }

    /// The most likely language of `text`, or nil when there are no candidates.
    public func detect(_ text: String) -> Language? {
        var best: (Language, Double)? = nil
        for (language, vocabulary) in candidates {
            let tokens = Tokenizer(language: language).tokenize(text).filter { $0.unicodeScalars.contains { $0.properties.isAlphabetic } }
            guard !tokens.isEmpty else { continue }
            var score = Double(tokens.filter { vocabulary.id(of: $0) != Int32(Vocabulary.unknown) }.count) / Double(tokens.count)
            score += hints(tokens, language)
            if best == nil || score > best!.1 { best = (language, score) }
        }
        return best?.0 ?? candidates.first?.language
    }

    private func hints(_ tokens: [String], _ language: Language) -> Double {
        let frenchLetters = Set("éèêëàâîïôûùüçœæ".unicodeScalars)
        let french = tokens.contains { $0.unicodeScalars.contains { frenchLetters.contains($0) } }
            || tokens.contains { $0.count <= 3 && $0.hasSuffix("'") }
        let english = tokens.contains { ["n't", "'s", "'m", "'re", "'ve", "'ll", "'d"].contains($0) }
        switch language {
        case .fr: return (french ? 0.5 : 0) - (english ? 0.5 : 0)
        case .en: return (english ? 0.5 : 0) - (french ? 0.5 : 0)
        }
    }
}
