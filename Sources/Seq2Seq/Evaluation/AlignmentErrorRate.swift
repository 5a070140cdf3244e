/// Alignment error rate (Och & Ney, 2003, "A Systematic Comparison of Various Statistical Alignment
/// Models") of predicted hard alignments A against gold sure links S and possible links P (S ⊆ P):
///
///     precision = |A ∩ P| / |A|      recall = |A ∩ S| / |S|
///     AER = 1 − (|A ∩ S| + |A ∩ P|) / (|A| + |S|)
///
/// Corpus values sum the counts over all sentence pairs before dividing (not a mean of sentence rates).
public enum AlignmentErrorRate {
    /// Scores `predicted[i]` against `gold[i]` over the corpus.
    public static func score(predicted: [Set<AlignmentLink>], gold: [GoldAlignment]) throws -> AlignmentScore {
        guard predicted.count == gold.count else {
            throw EvaluationError.countMismatch(what: "predicted alignments", expected: gold.count, actual: predicted.count)
        }
        var total = AlignmentScore.zero
        for (links, reference) in zip(predicted, gold) { total += sentenceScore(predicted: links, gold: reference) }
        return total
    }

    /// The counts of one sentence pair.
    public static func sentenceScore(predicted: Set<AlignmentLink>, gold: GoldAlignment) -> AlignmentScore {
        AlignmentScore(predicted: predicted.count, sure: gold.sure.count, possible: gold.possible.count,
                       predictedSure: predicted.intersection(gold.sure).count,
                       predictedPossible: predicted.intersection(gold.possible).count)
    }

    /// Scores hard alignments given as (source, target) pairs, as
    /// `AttentionAlignment.hardAlignment(threshold:)` produces them (duplicates count once).
    public static func score(hardAlignments: [[(source: Int, target: Int)]], gold: [GoldAlignment]) throws -> AlignmentScore {
        try score(predicted: hardAlignments.map { Set($0.map { AlignmentLink(source: $0.source, target: $0.target) }) }, gold: gold)
    }
}
