import Foundation

/// A chrF score with sacreBLEU's signature and score line.
public struct ChrFScore: CustomStringConvertible, Sendable {
    /// chrF on the 0–100 scale.
    public let score: Double
    /// The summed counts the score was computed from.
    public let statistics: ChrFStatistics
    /// References per sentence, or nil when it varies.
    public let referenceCount: Int?
    /// Whether the text was lowercased first.
    public let lowercase: Bool

    public init(statistics: ChrFStatistics, referenceCount: Int?, lowercase: Bool) {
        self.statistics = statistics
        self.referenceCount = referenceCount
        self.lowercase = lowercase
        score = statistics.fScore()
    }

    /// sacreBLEU's signature, e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0-s2s`.
    public var signature: String {
        let references = referenceCount.map(String.init) ?? "var"
        return "nrefs:\(references)|case:\(lowercase ? "lc" : "mixed")|eff:yes|nc:\(ChrF.characterOrder)|nw:0"
            + "|space:no|version:\(BLEUScore.referenceImplementation)-s2s"
    }

    /// sacreBLEU's score line, e.g. `chrF2 = 49.26`.
    public var description: String { "chrF\(ChrF.beta) = \(String(format: "%.2f", score))" }
}
