/// One word-alignment link between source word `source` and target word `target`, both 0-based
/// token positions (the Pharaoh convention `source-target`).
public struct AlignmentLink: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var source: Int
    public var target: Int

    public init(source: Int, target: Int) {
        self.source = source
        self.target = target
    }

    public static func < (lhs: AlignmentLink, rhs: AlignmentLink) -> Bool {
        lhs.source != rhs.source ? lhs.source < rhs.source : lhs.target < rhs.target
    }

    /// Pharaoh notation, `source-target`.
    public var description: String { "\(source)-\(target)" }
}
