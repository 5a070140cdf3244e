/// A small, fast, seedable generator (xoshiro256**, seeded through SplitMix64).
///
/// Every random choice in s2s (initialisation, dropout masks, shuffling, splits) draws from one
/// of these, so a `--seed` reproduces a run exactly on the same machine and thread count.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64
    /// False for `forOverwrittenWeights`: `Parameter.initializeUniform` then leaves the zeros.
    public private(set) var initializesWeights = true

    /// A generator for building a model whose weights are about to be overwritten (a checkpoint
    /// being loaded): initialisation skips its draws, which would only be thrown away.
    public static var forOverwrittenWeights: RandomGenerator {
        var generator = RandomGenerator(seed: 0)
        generator.initializesWeights = false
        return generator
    }

    /// A generator whose whole sequence is determined by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform float in [0, 1) with 24 random bits.
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A uniform float in [-limit, limit).
    public mutating func nextUniform(limit: Float) -> Float {
        (nextUniform() * 2 - 1) * limit
    }

    /// An independent generator for a sub-task, so that adding draws in one place does not
    /// shift the sequence seen by another.
    public mutating func split() -> RandomGenerator {
        RandomGenerator(seed: next())
    }
}
