/// FNV-1a, 64-bit: a hash that is the same on every run and every machine (unlike Swift's
/// `Hasher`, which is randomly seeded per process). Used to split and sample corpora
/// reproducibly.
public struct StableHash: Sendable {
    private static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// The running hash value.
    public private(set) var value: UInt64

    /// Starts a hash; a non-zero `seed` gives an independent family of hashes.
    public init(seed: UInt64 = 0) {
        value = Self.offsetBasis
        if seed != 0 { combine(seed) }
    }

    /// Feeds bytes in.
    public mutating func combine<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        var hash = value
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* Self.prime
        }
        value = hash
    }

    /// Feeds a string's UTF-8 bytes in, followed by a 0xFF separator (a byte UTF-8 never uses),
    /// so that ("ab", "c") and ("a", "bc") hash differently.
    public mutating func combine(_ text: String) {
        combine(bytes: text.utf8)
        combine(bytes: CollectionOfOne(UInt8(0xFF)))
    }

    /// Feeds an integer in, little-endian.
    public mutating func combine(_ number: UInt64) {
        var remaining = number
        var hash = value
        for _ in 0..<8 {
            hash = (hash ^ (remaining & 0xFF)) &* Self.prime
            remaining >>= 8
        }
        value = hash
    }

    /// The hash after a final mix (SplitMix64's finaliser), so that every input bit affects
    /// every output bit: FNV-1a's high bits barely change between inputs that differ only at
    /// the end, which would make an ordering by `value` cluster similar strings.
    public var mixed: UInt64 {
        var mixed = value
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// `mixed` mapped to [0, 1).
    public var unitInterval: Double {
        Double(mixed >> 11) * 0x1.0p-53
    }

    /// FNV-1a 64 of a string's UTF-8 bytes (no separator), e.g. `"a"` → `0xaf63dc4c8601ec8c`.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash = StableHash()
        hash.combine(bytes: text.utf8)
        return hash.value
    }
}
