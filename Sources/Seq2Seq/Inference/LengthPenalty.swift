import Foundation

/// How beam search compares hypotheses of different lengths.
public enum LengthPenalty: Sendable, Equatable {
    /// Raw log-probability (favours short outputs).
    case none
    /// Log-probability divided by the number of tokens.
    case average
    /// GNMT (Wu et al. 2016): divided by ((5 + length) / 6)^α.
    case gnmt(alpha: Float)

    /// The ranking score of a hypothesis with `length` tokens (counting `</s>`).
    public func score(logProbability: Float, length: Int) -> Float {
        switch self {
        case .none: return logProbability
        case .average: return logProbability / Float(max(length, 1))
        case .gnmt(let alpha): return logProbability / Foundation.pow((5 + Float(length)) / 6, alpha)
        }
    }
}
