/// Mini-batches of sentences of similar length, in a seeded random order.
///
/// Sorting by length before cutting batches keeps padding (wasted work) small; shuffling the
/// batches, and breaking length ties at random, keeps the order varied from epoch to epoch.
public enum LengthBucketedBatches {
    /// Index batches over `lengths` (one `(source, target)` length pair per example).
    public static func make(lengths: [(Int, Int)], batchSize: Int, random: inout RandomGenerator) -> [[Int]] {
        let keys = lengths.indices.map { (i: $0, tie: random.next()) }
        let order = keys.sorted {
            let a = lengths[$0.i], b = lengths[$1.i]
            if a.0 != b.0 { return a.0 < b.0 }
            if a.1 != b.1 { return a.1 < b.1 }
            return $0.tie < $1.tie
        }.map(\.i)
        var batches = stride(from: 0, to: order.count, by: batchSize).map { Array(order[$0..<min($0 + batchSize, order.count)]) }
        batches.shuffle(using: &random)
        return batches
    }
}
