extension AttentionAlignment {
    /// Turns the soft attention weights into word links, sorted by target index, then source index.
    ///
    /// - Parameter threshold: `nil` links every target token to its ``argmax(ofRow:)`` source
    ///   token. A value links every cell whose weight is at least `threshold` (as Marian's
    ///   `--alignment 0.x`), so a target token may get several links or none.
    /// - Returns: 0-based `(source, target)` index pairs.
    ///
    /// The end-of-sentence marker takes no part: links *to* a source `</s>` column are dropped
    /// (a target token whose argmax is `</s>` stays unaligned rather than moving to its runner-up,
    /// since attention on `</s>` says "nothing in particular"), and a target `</s>` row produces
    /// no links (it is a decoding artefact, not a word).
    public func hardAlignment(threshold: Float? = nil) -> [(source: Int, target: Int)] {
        var links: [(source: Int, target: Int)] = []
        for target in targetTokens.indices where targetTokens[target] != endOfSentenceToken {
            if let threshold {
                for source in sourceTokens.indices
                where sourceTokens[source] != endOfSentenceToken && weights[target][source] >= threshold {
                    links.append((source: source, target: target))
                }
            } else {
                let source = argmax(ofRow: target)
                if sourceTokens[source] != endOfSentenceToken {
                    links.append((source: source, target: target))
                }
            }
        }
        return links
    }
}
