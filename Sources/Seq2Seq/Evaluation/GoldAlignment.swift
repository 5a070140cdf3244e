/// A hand-made reference word alignment for one sentence pair, in the sense of Och & Ney (2003):
/// sure links S that annotators agree on, and possible links P for ambiguous correspondences.
/// S ⊆ P always holds: every sure link is also stored in `possible`.
public struct GoldAlignment: Equatable, Sendable {
    /// Sure links S.
    public private(set) var sure: Set<AlignmentLink>
    /// Possible links P, including every sure link.
    public private(set) var possible: Set<AlignmentLink>

    /// A gold alignment from sure links and links marked only possible (sure links need not be repeated).
    public init(sure: Set<AlignmentLink>, possible: Set<AlignmentLink> = []) {
        self.sure = sure
        self.possible = possible.union(sure)
    }
}
