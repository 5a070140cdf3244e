/// The character n-gram counts chrF is computed from, per order (lane n-1 for order n; lanes past
/// the sixth stay zero), for one sentence or summed over a corpus.
public struct ChrFStatistics: Equatable, Sendable {
    /// Hypothesis n-grams (0 for an order the reference has none of, as in sacreBLEU).
    public var hypothesisNGrams: SIMD8<Int>
    /// Reference n-grams.
    public var referenceNGrams: SIMD8<Int>
    /// Clipped matches.
    public var matches: SIMD8<Int>

    public init(hypothesisNGrams: SIMD8<Int>, referenceNGrams: SIMD8<Int>, matches: SIMD8<Int>) {
        self.hypothesisNGrams = hypothesisNGrams
        self.referenceNGrams = referenceNGrams
        self.matches = matches
    }

    public static let zero = ChrFStatistics(hypothesisNGrams: .zero, referenceNGrams: .zero, matches: .zero)

    public static func + (lhs: ChrFStatistics, rhs: ChrFStatistics) -> ChrFStatistics {
        ChrFStatistics(hypothesisNGrams: lhs.hypothesisNGrams &+ rhs.hypothesisNGrams,
                       referenceNGrams: lhs.referenceNGrams &+ rhs.referenceNGrams,
                       matches: lhs.matches &+ rhs.matches)
    }

    public static func += (lhs: inout ChrFStatistics, rhs: ChrFStatistics) { lhs = lhs + rhs }

    /// sacreBLEU's `CHRF._compute_f_score` without epsilon smoothing: precision and recall averaged
    /// over the orders where both sides have n-grams, then F-β of the averages, times 100.
    public func fScore(beta: Int = ChrF.beta, order: Int = ChrF.characterOrder) -> Double {
        let factor = Double(beta * beta)
        var averagePrecision = 0.0, averageRecall = 0.0, effectiveOrder = 0
        for n in 0..<order where hypothesisNGrams[n] > 0 && referenceNGrams[n] > 0 {
            averagePrecision += Double(matches[n]) / Double(hypothesisNGrams[n])
            averageRecall += Double(matches[n]) / Double(referenceNGrams[n])
            effectiveOrder += 1
        }
        guard effectiveOrder > 0 else { return 0 }
        averagePrecision /= Double(effectiveOrder)
        averageRecall /= Double(effectiveOrder)
        guard averagePrecision + averageRecall != 0 else { return 0 }
        let score = (1 + factor) * averagePrecision * averageRecall / (factor * averagePrecision + averageRecall)
        return 100 * score
    }
}
