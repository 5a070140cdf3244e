/// The attention weights of one translated sentence, ready to be rendered.
///
/// Row `t` of `weights` is the attention distribution the decoder used when it produced
/// `targetTokens[t]`; column `s` belongs to `sourceTokens[s]`. The source tokens include the
/// end-of-sentence marker (normally the last column), because the decoder may attend to it.
///
/// The initialiser validates the shape and that every row is a probability distribution
/// (finite, non-negative, summing to 1 within ``rowSumTolerance``), so renderers can rely on it.
public struct AttentionAlignment: Sendable, Equatable {
    /// How far a row sum may deviate from 1; generous enough for Float softmax rounding.
    public static let rowSumTolerance: Double = 1e-3

    /// The default end-of-sentence token, matching the vocabulary's `</s>`.
    public static let defaultEndOfSentenceToken = "</s>"

    /// Source tokens (columns), including the end-of-sentence marker.
    public let sourceTokens: [String]
    /// Target tokens (rows), as produced by the decoder; may end with the end-of-sentence marker.
    public let targetTokens: [String]
    /// `weights[t][s]`: attention of target token `t` on source token `s`.
    public let weights: [[Float]]
    /// The token that marks the end of a sentence; its row and column never take part in
    /// ``hardAlignment(threshold:)``.
    public let endOfSentenceToken: String

    /// Creates a validated alignment.
    ///
    /// - Throws: ``AttentionAlignmentError`` when the source is empty, the matrix shape does not
    ///   match the token counts, a weight is negative or not finite, or a row does not sum to 1.
    public init(
        sourceTokens: [String],
        targetTokens: [String],
        weights: [[Float]],
        endOfSentenceToken: String = AttentionAlignment.defaultEndOfSentenceToken
    ) throws {
        if sourceTokens.isEmpty { throw AttentionAlignmentError.emptySource }
        guard weights.count == targetTokens.count else {
            throw AttentionAlignmentError.rowCountMismatch(targetTokens: targetTokens.count, rows: weights.count)
        }
        for (row, rowWeights) in weights.enumerated() {
            guard rowWeights.count == sourceTokens.count else {
                throw AttentionAlignmentError.columnCountMismatch(
                    row: row, targetToken: targetTokens[row],
                    sourceTokens: sourceTokens.count, columns: rowWeights.count)
            }
            // Summed in Double so that the check measures the data, not Float accumulation error.
            var sum = 0.0
            for (column, weight) in rowWeights.enumerated() {
                guard weight.isFinite, weight >= 0 else {
                    throw AttentionAlignmentError.invalidWeight(
                        row: row, column: column, targetToken: targetTokens[row], value: weight)
                }
                sum += Double(weight)
            }
            guard abs(sum - 1) <= Self.rowSumTolerance else {
                throw AttentionAlignmentError.rowSumNotOne(row: row, targetToken: targetTokens[row], sum: sum)
            }
        }
        self.sourceTokens = sourceTokens
        self.targetTokens = targetTokens
        self.weights = weights
        self.endOfSentenceToken = endOfSentenceToken
    }

    /// Index of the largest weight in target row `row` (the first one on ties).
    /// Includes the end-of-sentence column: this is what the renderers highlight.
    /// `row` must be an index of ``targetTokens``.
    public func argmax(ofRow row: Int) -> Int {
        let rowWeights = weights[row]
        var best = 0
        for column in rowWeights.indices where rowWeights[column] > rowWeights[best] {
            best = column
        }
        return best
    }

    /// Index of the largest weight in target row `row` among the source *words*, that is
    /// leaving out the end-of-sentence column (the first one on ties); nil when the source is
    /// only `</s>`. `row` must be an index of ``targetTokens``.
    public func strongestSourceWord(ofRow row: Int) -> Int? {
        let rowWeights = weights[row]
        var best: Int?
        for column in rowWeights.indices where sourceTokens[column] != endOfSentenceToken {
            if let b = best, rowWeights[column] <= rowWeights[b] { continue }
            best = column
        }
        return best
    }
}
