/// Inverted dropout: zeroes each element with probability `rate` and scales the survivors by
/// 1/(1−rate), so inference needs no rescaling. The mask is kept for `backward`.
public final class Dropout {
    public let rate: Float
    private let mask = FloatBuffer()

    public init(rate: Float) { self.rate = rate }

    /// Applies dropout in place when `training` and `rate > 0`; otherwise does nothing.
    public func forward(_ values: UnsafeMutablePointer<Float>, count: Int, training: Bool, random: inout RandomGenerator) {
        guard training, rate > 0 else { mask.resize(0); return }
        mask.resize(count, zeroed: false)
        let keep = 1 - rate, scale = 1 / keep
        for i in 0..<count {
            let m: Float = random.nextUniform() < keep ? scale : 0
            mask[i] = m
            values[i] *= m
        }
    }

    /// Multiplies a gradient by the mask of the last `forward` (identity if it did nothing).
    public func backward(_ gradient: UnsafeMutablePointer<Float>, count: Int) {
        guard mask.count == count, count > 0 else { return }
        for i in 0..<count { gradient[i] *= mask[i] }
    }
}
