/// The sufficient statistics of BLEU for one sentence or, summed, for a corpus: what sacreBLEU
/// calls `[sys_len, ref_len, correct..., total...]`.
public struct BLEUStatistics: Equatable, Sendable {
    /// Number of hypothesis tokens.
    public var hypothesisLength: Int
    /// Length of the reference closest in length to the hypothesis (the shorter one on a tie).
    public var referenceLength: Int
    /// Clipped n-gram matches for n = 1...4 (lane n-1).
    public var matches: SIMD4<Int>
    /// Hypothesis n-grams for n = 1...4 (lane n-1).
    public var totals: SIMD4<Int>

    public init(hypothesisLength: Int, referenceLength: Int, matches: SIMD4<Int>, totals: SIMD4<Int>) {
        self.hypothesisLength = hypothesisLength
        self.referenceLength = referenceLength
        self.matches = matches
        self.totals = totals
    }

    /// Statistics of an empty corpus.
    public static let zero = BLEUStatistics(hypothesisLength: 0, referenceLength: 0, matches: .zero, totals: .zero)

    public static func + (lhs: BLEUStatistics, rhs: BLEUStatistics) -> BLEUStatistics {
        BLEUStatistics(hypothesisLength: lhs.hypothesisLength + rhs.hypothesisLength,
                       referenceLength: lhs.referenceLength + rhs.referenceLength,
                       matches: lhs.matches &+ rhs.matches, totals: lhs.totals &+ rhs.totals)
    }

    public static func += (lhs: inout BLEUStatistics, rhs: BLEUStatistics) { lhs = lhs + rhs }
}
