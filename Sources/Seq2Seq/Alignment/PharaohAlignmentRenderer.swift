/// Renders hard alignments in the Pharaoh format (`s2s align --format pharaoh`).
///
/// One line per sentence of space-separated `source-target` 0-based index pairs, source first,
/// sorted by target then source: the convention of fast_align, Moses and OpenNMT's
/// `-report_align`. A sentence without links gives an empty line.
public struct PharaohAlignmentRenderer: Sendable {
    /// `nil` for each target token's argmax, otherwise the weight a link needs
    /// (see ``AttentionAlignment/hardAlignment(threshold:)``).
    public var threshold: Float?

    public init(threshold: Float? = nil) {
        self.threshold = threshold
    }

    /// The links of one sentence, without a trailing newline.
    public func render(_ alignment: AttentionAlignment) -> String {
        alignment.hardAlignment(threshold: threshold)
            .map { "\($0.source)-\($0.target)" }
            .joined(separator: " ")
    }

    /// One line per sentence, without a trailing newline.
    public func render(_ alignments: [AttentionAlignment]) -> String {
        alignments.map(render).joined(separator: "\n")
    }
}
