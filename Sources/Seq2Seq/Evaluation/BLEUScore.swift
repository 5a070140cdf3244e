import Foundation

/// A BLEU score computed from summed `BLEUStatistics` exactly as sacreBLEU 2.x's
/// `BLEU.compute_bleu` does with `smooth_method='exp'` (the NIST geometric smoothing of
/// `mteval-v13a.pl`: the k-th n-gram order without any match gets precision 1 / (2^k · total)).
public struct BLEUScore: CustomStringConvertible, Sendable {
    /// BLEU on sacreBLEU's 0–100 scale.
    public let score: Double
    /// The modified n-gram precisions for n = 1...4, in percent (smoothed where a count was 0).
    public let precisions: [Double]
    /// exp(1 − r/c) when the hypotheses are shorter than the references, else 1.
    public let brevityPenalty: Double
    /// Hypothesis length / reference length (0 without reference tokens).
    public let ratio: Double
    /// The statistics the score was computed from.
    public let statistics: BLEUStatistics
    /// References per sentence, or nil when sentences have different numbers of references.
    public let referenceCount: Int?
    /// Whether the text was lowercased before tokenisation.
    public let lowercase: Bool
    /// Whether only the n-gram orders the hypotheses contain were averaged (sentence BLEU).
    public let effectiveOrder: Bool

    public var hypothesisLength: Int { statistics.hypothesisLength }
    public var referenceLength: Int { statistics.referenceLength }

    /// The version of sacreBLEU whose rules this implementation reproduces (and was checked against).
    public static let referenceImplementation = "2.6.0"

    public init(statistics: BLEUStatistics, referenceCount: Int?, lowercase: Bool, effectiveOrder: Bool = false) {
        self.statistics = statistics
        self.referenceCount = referenceCount
        self.lowercase = lowercase
        self.effectiveOrder = effectiveOrder

        let order = PackedNGram.maximumTokenOrder
        let systemLength = statistics.hypothesisLength, referenceLength = statistics.referenceLength
        var brevityPenalty = 1.0
        if systemLength < referenceLength {
            brevityPenalty = systemLength > 0 ? exp(1 - Double(referenceLength) / Double(systemLength)) : 0
        }
        self.brevityPenalty = brevityPenalty
        ratio = referenceLength > 0 ? Double(systemLength) / Double(referenceLength) : 0

        var precisions = [Double](repeating: 0, count: order)
        // sacreBLEU returns 0 outright when nothing matches, whatever the smoothing.
        guard statistics.matches != .zero else {
            self.precisions = precisions
            score = 0
            return
        }
        var smoothing = 1.0
        var averagedOrders = order
        for n in 0..<order {
            let total = statistics.totals[n], matched = statistics.matches[n]
            if total == 0 { break }
            if effectiveOrder { averagedOrders = n + 1 }
            if matched == 0 {
                smoothing *= 2
                precisions[n] = 100 / (smoothing * Double(total))
            } else {
                precisions[n] = 100 * Double(matched) / Double(total)
            }
        }
        self.precisions = precisions
        // sacreBLEU's `my_log` maps log(0) to -9999999999 so that unfilled orders zero the score.
        let logSum = precisions[..<averagedOrders].reduce(0.0) { $0 + ($1 == 0 ? -9_999_999_999 : log($1)) }
        score = brevityPenalty * exp(logSum / Double(averagedOrders))
    }

    /// sacreBLEU's reproducibility signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
    /// The version names the sacreBLEU release whose rules are reproduced, suffixed `-s2s`.
    public var signature: String {
        let references = referenceCount.map(String.init) ?? "var"
        return "nrefs:\(references)|case:\(lowercase ? "lc" : "mixed")|eff:\(effectiveOrder ? "yes" : "no")"
            + "|tok:13a|smooth:exp|version:\(Self.referenceImplementation)-s2s"
    }

    /// sacreBLEU's score line, e.g.
    /// `BLEU = 30.18 100.0/66.7/50.0/50.0 (BP = 0.472 ratio = 0.571 hyp_len = 4 ref_len = 7)`.
    public var description: String {
        let precisionText = precisions.map { String(format: "%.1f", $0) }.joined(separator: "/")
        return "BLEU = \(String(format: "%.2f", score)) \(precisionText) (BP = \(String(format: "%.3f", brevityPenalty)) "
            + "ratio = \(String(format: "%.3f", ratio)) hyp_len = \(hypothesisLength) ref_len = \(referenceLength))"
    }
}
