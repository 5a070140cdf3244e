/// Corpus BLEU (Papineni et al., 2002) as sacreBLEU computes it by default:
/// `sacrebleu.corpus_bleu(hypotheses, [references])` — tokenizer `13a`, n-grams up to 4,
/// brevity penalty against the closest reference length, `exp` smoothing, case-sensitive unless
/// `lowercase` is set. Scores are on the 0–100 scale and agree with sacreBLEU 2.6.0.
///
/// Hypotheses and references are paired by position; like sacreBLEU's Python API, surplus entries
/// on the longer side are ignored, so callers reading user files should check the counts first.
/// A sentence given no reference is scored against an empty one.
public enum BLEU {
    /// Corpus BLEU with one reference per hypothesis.
    public static func corpusScore(hypotheses: [String], references: [String], lowercase: Bool = false) -> BLEUScore {
        corpusScore(hypotheses: hypotheses, references: references.map { [$0] }, lowercase: lowercase)
    }

    /// Corpus BLEU with any number of references per hypothesis:
    /// `references[i]` lists the references of `hypotheses[i]`. (sacreBLEU takes the transpose,
    /// one stream per reference.) Clipping uses each n-gram's maximum count over the references.
    public static func corpusScore(hypotheses: [String], references: [[String]], lowercase: Bool = false) -> BLEUScore {
        let total = sentenceStatistics(hypotheses: hypotheses, references: references, lowercase: lowercase)
            .reduce(BLEUStatistics.zero, +)
        return BLEUScore(statistics: total, referenceCount: commonCount(references), lowercase: lowercase)
    }

    /// Sentence BLEU as `sacrebleu.sentence_bleu` computes it (`use_effective_order=True` by default:
    /// orders the hypothesis is too short for are left out of the average).
    public static func sentenceScore(hypothesis: String, references: [String], lowercase: Bool = false,
                                     effectiveOrder: Bool = true) -> BLEUScore {
        let statistics = sentenceStatistics(hypotheses: [hypothesis], references: [references], lowercase: lowercase)
        return BLEUScore(statistics: statistics[0], referenceCount: references.count,
                         lowercase: lowercase, effectiveOrder: effectiveOrder)
    }

    /// The statistics of each sentence, to be summed over any subset of the corpus and scored with
    /// `BLEUScore(statistics:referenceCount:lowercase:)` (corpus BLEU of that subset).
    public static func sentenceStatistics(hypotheses: [String], references: [[String]],
                                          lowercase: Bool = false) -> [BLEUStatistics] {
        var interner = BLEUTokenInterner()
        func tokenIDs(_ text: String) -> [UInt32] {
            interner.ids(ofTokenized: Tokenizer13a.tokenizedScalars(PythonStringSemantics.scalars(of: text), lowercase: lowercase))
        }
        var result: [BLEUStatistics] = []
        result.reserveCapacity(min(hypotheses.count, references.count))
        for (hypothesis, sentenceReferences) in zip(hypotheses, references) {
            let hypothesisIDs = tokenIDs(hypothesis)
            result.append(statistics(hypothesis: hypothesisIDs, references: sentenceReferences.map(tokenIDs)))
        }
        return result
    }

    /// The number of references every sentence has, or nil if it varies (sacreBLEU's `nrefs:var`).
    static func commonCount(_ references: [[String]]) -> Int? {
        guard let first = references.first?.count else { return 1 }
        return references.allSatisfy { $0.count == first } ? first : nil
    }

    private static func statistics(hypothesis: [UInt32], references: [[UInt32]]) -> BLEUStatistics {
        let hypothesisLength = hypothesis.count
        // Closest reference length; on a tie the shorter reference wins.
        var closestLength = 0, closestDifference = -1
        for reference in references {
            let difference = abs(hypothesisLength - reference.count)
            if closestDifference < 0 || difference < closestDifference {
                closestDifference = difference
                closestLength = reference.count
            } else if difference == closestDifference && reference.count < closestLength {
                closestLength = reference.count
            }
        }

        var matches = SIMD4<Int>.zero, totals = SIMD4<Int>.zero
        for order in 1...PackedNGram.maximumTokenOrder {
            let hypothesisNGrams = SortedNGramMultiset.ngrams(of: hypothesis, order: order, characters: false)
            totals[order - 1] = hypothesisNGrams.count
            guard !hypothesisNGrams.isEmpty, let first = references.first else { continue }
            var referenceNGrams = SortedNGramMultiset.ngrams(of: first, order: order, characters: false)
            for reference in references.dropFirst() {
                referenceNGrams = SortedNGramMultiset.union(
                    referenceNGrams, SortedNGramMultiset.ngrams(of: reference, order: order, characters: false))
            }
            matches[order - 1] = SortedNGramMultiset.intersectionCount(hypothesisNGrams, referenceNGrams)
        }
        return BLEUStatistics(hypothesisLength: hypothesisLength, referenceLength: closestLength,
                              matches: matches, totals: totals)
    }
}
