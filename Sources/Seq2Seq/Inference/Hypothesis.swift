/// One decoded output: target ids (without `</s>`), its scores, and the attention of each
/// generated token (including the final `</s>`) over the source.
public struct Hypothesis: Sendable {
    public var tokens: [Int32]
    /// Σ log p of the tokens and the final `</s>`.
    public var logProbability: Float
    /// The score used for ranking (log-probability after length normalisation).
    public var score: Float
    /// `attention[i][j]`: weight of source position j when producing output i (the last row
    /// belongs to `</s>`). Empty for the `lstm` baseline.
    public var attention: [[Float]]
}
