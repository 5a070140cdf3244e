/// Operations on multisets stored as sorted arrays of n-grams (repeats allowed).
enum SortedNGramMultiset {
    /// All n-grams of one order in `units` (token ids or code points), sorted.
    static func ngrams(of units: [UInt32], order: Int, characters: Bool) -> [PackedNGram] {
        let count = units.count - order + 1
        guard count > 0 else { return [] }
        var result: [PackedNGram] = []
        result.reserveCapacity(count)
        units.withUnsafeBufferPointer { buffer in
            for start in 0..<count {
                result.append(characters
                    ? PackedNGram.characters(buffer, start: start, order: order)
                    : PackedNGram.tokens(buffer, start: start, order: order))
            }
        }
        result.sort()
        return result
    }

    /// Σ over distinct n-grams of min(count in a, count in b): the clipped match count.
    static func intersectionCount(_ a: [PackedNGram], _ b: [PackedNGram]) -> Int {
        var i = 0, j = 0, matches = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] { i += 1 } else if b[j] < a[i] { j += 1 } else { matches += 1; i += 1; j += 1 }
        }
        return matches
    }

    /// The multiset whose count of each n-gram is the maximum of its counts in a and b
    /// (how BLEU merges several references).
    static func union(_ a: [PackedNGram], _ b: [PackedNGram]) -> [PackedNGram] {
        var result: [PackedNGram] = []
        result.reserveCapacity(max(a.count, b.count))
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] { result.append(a[i]); i += 1 }
            else if b[j] < a[i] { result.append(b[j]); j += 1 }
            else { result.append(a[i]); i += 1; j += 1 }
        }
        result.append(contentsOf: a[i...])
        result.append(contentsOf: b[j...])
        return result
    }
}
