/// chrF (Popović, 2015) as sacreBLEU computes it by default: `sacrebleu.corpus_chrf(hypotheses, [references])`
/// — character n-grams of orders 1–6 over the line with all whitespace removed, no word n-grams,
/// β = 2, no epsilon smoothing. Agrees with sacreBLEU 2.6.0.
///
/// The corpus score is not an average of sentence scores: the per-order counts are summed over the
/// corpus, precision and recall are averaged over the orders that both sides have n-grams of, and the
/// F-β of those two averages is reported on a 0–100 scale.
///
/// As for `BLEU`, inputs are paired by position (surplus entries ignored), and a sentence without
/// references contributes nothing.
public enum ChrF {
    /// sacreBLEU's defaults.
    public static let characterOrder = 6
    public static let beta = 2

    /// Corpus chrF with one reference per hypothesis.
    public static func corpusScore(hypotheses: [String], references: [String], lowercase: Bool = false) -> ChrFScore {
        corpusScore(hypotheses: hypotheses, references: references.map { [$0] }, lowercase: lowercase)
    }

    /// Corpus chrF with any number of references per hypothesis (`references[i]` for `hypotheses[i]`).
    /// Each sentence contributes the counts of its reference with the best sentence-level chrF
    /// (the first one on a tie).
    public static func corpusScore(hypotheses: [String], references: [[String]], lowercase: Bool = false) -> ChrFScore {
        let total = sentenceStatistics(hypotheses: hypotheses, references: references, lowercase: lowercase)
            .reduce(ChrFStatistics.zero, +)
        return ChrFScore(statistics: total, referenceCount: BLEU.commonCount(references), lowercase: lowercase)
    }

    /// Sentence-level chrF (`sacrebleu.sentence_chrf`).
    public static func sentenceScore(hypothesis: String, references: [String], lowercase: Bool = false) -> ChrFScore {
        let statistics = sentenceStatistics(hypotheses: [hypothesis], references: [references], lowercase: lowercase)
        return ChrFScore(statistics: statistics[0], referenceCount: references.count, lowercase: lowercase)
    }

    /// Per-sentence counts, to be summed over any subset of the corpus.
    public static func sentenceStatistics(hypotheses: [String], references: [[String]],
                                          lowercase: Bool = false) -> [ChrFStatistics] {
        func characters(_ text: String) -> [UInt32] {
            let scalars = PythonStringSemantics.scalars(of: text)
            return PythonStringSemantics.removingWhitespace(lowercase ? PythonStringSemantics.lowercased(scalars) : scalars)
        }
        func ngramsByOrder(_ characters: [UInt32]) -> [[PackedNGram]] {
            (1...characterOrder).map { SortedNGramMultiset.ngrams(of: characters, order: $0, characters: true) }
        }

        var result: [ChrFStatistics] = []
        result.reserveCapacity(min(hypotheses.count, references.count))
        for (hypothesis, sentenceReferences) in zip(hypotheses, references) {
            let hypothesisNGrams = ngramsByOrder(characters(hypothesis))
            var best = ChrFStatistics.zero, bestScore = -1.0
            for reference in sentenceReferences {
                let referenceNGrams = ngramsByOrder(characters(reference))
                var statistics = ChrFStatistics.zero
                for order in 0..<characterOrder {
                    let referenceCount = referenceNGrams[order].count
                    // sacreBLEU counts no hypothesis n-grams of an order the reference lacks.
                    statistics.hypothesisNGrams[order] = referenceCount > 0 ? hypothesisNGrams[order].count : 0
                    statistics.referenceNGrams[order] = referenceCount
                    statistics.matches[order] = SortedNGramMultiset.intersectionCount(hypothesisNGrams[order], referenceNGrams[order])
                }
                let score = statistics.fScore(beta: beta)
                if score > bestScore { best = statistics; bestScore = score }
            }
            result.append(best)
        }
        return result
    }
}
