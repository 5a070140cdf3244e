/// An n-gram packed losslessly into 128 bits, so that n-gram multisets can be compared by sorting
/// plain values instead of hashing arrays.
///
/// Two packings are used, each only ever compared with n-grams of the same order (unused slots are
/// zero for every key of that order, so they never make two different n-grams equal):
/// - up to four 32-bit token ids (BLEU, ids from `BLEUTokenInterner`);
/// - up to six 21-bit Unicode code points (chrF character n-grams).
struct PackedNGram: Comparable {
    var high: UInt64
    var low: UInt64

    @inline(__always)
    static func < (lhs: PackedNGram, rhs: PackedNGram) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }

    /// The largest n-gram order either packing holds.
    static let maximumTokenOrder = 4
    static let maximumCharacterOrder = 6

    /// The `order` token ids starting at `start`.
    @inline(__always)
    static func tokens(_ ids: UnsafeBufferPointer<UInt32>, start: Int, order: Int) -> PackedNGram {
        var slots: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        slots.0 = UInt64(ids[start])
        if order > 1 { slots.1 = UInt64(ids[start + 1]) }
        if order > 2 { slots.2 = UInt64(ids[start + 2]) }
        if order > 3 { slots.3 = UInt64(ids[start + 3]) }
        return PackedNGram(high: slots.0 << 32 | slots.1, low: slots.2 << 32 | slots.3)
    }

    /// The `order` code points starting at `start` (each below 2^21).
    @inline(__always)
    static func characters(_ scalars: UnsafeBufferPointer<UInt32>, start: Int, order: Int) -> PackedNGram {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for offset in 0..<order {
            let value = UInt64(scalars[start + offset])
            if offset < 3 { high |= value << (42 - 21 * UInt64(offset)) } else { low |= value << (42 - 21 * UInt64(offset - 3)) }
        }
        return PackedNGram(high: high, low: low)
    }
}
