import Foundation

/// The link counts behind AER, and the rates derived from them (fractions in 0...1).
public struct AlignmentScore: Equatable, Sendable, CustomStringConvertible {
    /// |A|
    public var predicted: Int
    /// |S|
    public var sure: Int
    /// |P| (sure links included)
    public var possible: Int
    /// |A ∩ S|
    public var predictedSure: Int
    /// |A ∩ P|
    public var predictedPossible: Int

    public init(predicted: Int, sure: Int, possible: Int, predictedSure: Int, predictedPossible: Int) {
        self.predicted = predicted
        self.sure = sure
        self.possible = possible
        self.predictedSure = predictedSure
        self.predictedPossible = predictedPossible
    }

    public static let zero = AlignmentScore(predicted: 0, sure: 0, possible: 0, predictedSure: 0, predictedPossible: 0)

    /// |A ∩ P| / |A|; 0 when nothing was predicted.
    public var precision: Double { predicted > 0 ? Double(predictedPossible) / Double(predicted) : 0 }
    /// |A ∩ S| / |S|; 0 when the gold has no sure link.
    public var recall: Double { sure > 0 ? Double(predictedSure) / Double(sure) : 0 }
    /// 1 − (|A ∩ S| + |A ∩ P|) / (|A| + |S|); 1 when there are neither predicted nor sure links.
    public var alignmentErrorRate: Double {
        let denominator = predicted + sure
        return denominator > 0 ? 1 - Double(predictedSure + predictedPossible) / Double(denominator) : 1
    }

    public static func + (lhs: AlignmentScore, rhs: AlignmentScore) -> AlignmentScore {
        AlignmentScore(predicted: lhs.predicted + rhs.predicted, sure: lhs.sure + rhs.sure,
                       possible: lhs.possible + rhs.possible, predictedSure: lhs.predictedSure + rhs.predictedSure,
                       predictedPossible: lhs.predictedPossible + rhs.predictedPossible)
    }

    public static func += (lhs: inout AlignmentScore, rhs: AlignmentScore) { lhs = lhs + rhs }

    /// `AER = 0.2500 (precision 0.8000, recall 0.6667; |A| = 5, |S| = 6, |P| = 8)`.
    public var description: String {
        func fixed(_ value: Double) -> String { String(format: "%.4f", value) }
        return "AER = \(fixed(alignmentErrorRate)) (precision \(fixed(precision)), recall \(fixed(recall)); "
            + "|A| = \(predicted), |S| = \(sure), |P| = \(possible))"
    }
}
