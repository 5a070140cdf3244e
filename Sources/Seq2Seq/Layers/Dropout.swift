/// Inverted dropout: zeroes each element with probability `rate` and scales the survivors by
/// 1/(1−rate), so inference needs no rescaling. The mask is kept for `backward`.
public final class Dropout {
    public let rate: Float
    private let mask = FloatBuffer()

    public init(rate: Float) { self.rate = rate }

    /// Applies dropout in place when `training` and `rate > 0`; otherwise does nothing.
    ///
    /// Each 64-bit draw of `random` decides two elements (two independent 24-bit uniforms from
    /// its top and middle bits), which halves the generator's share of the time.
    public func forward(_ values: UnsafeMutablePointer<Float>, count: Int, training: Bool, random: inout RandomGenerator) {
        guard training, rate > 0 else { mask.resize(0); return }
        mask.resize(count, zeroed: false)
        let keep = 1 - rate, scale = 1 / keep
        let m = mask.pointer
        let unit: Float = 1.0 / 16_777_216.0
        var i = 0
        while i &+ 2 <= count {
            let bits = random.next()
            m[i] = Float(bits >> 40) * unit < keep ? scale : 0
            m[i &+ 1] = Float((bits >> 16) & 0xFF_FFFF) * unit < keep ? scale : 0
            i &+= 2
        }
        if i < count { m[i] = random.nextUniform() < keep ? scale : 0 }
        multiply(values, by: m, count: count)
    }

    /// Multiplies a gradient by the mask of the last `forward` (identity if it did nothing).
    public func backward(_ gradient: UnsafeMutablePointer<Float>, count: Int) {
        guard mask.count == count, count > 0 else { return }
        multiply(gradient, by: mask.pointer, count: count)
    }

    private func multiply(_ x: UnsafeMutablePointer<Float>, by m: UnsafePointer<Float>, count: Int) {
        typealias V = SIMD16<Float>
        var i = 0
        while i &+ 16 <= count {
            let product = UnsafeRawPointer(x + i).loadUnaligned(as: V.self) * UnsafeRawPointer(m + i).loadUnaligned(as: V.self)
            UnsafeMutableRawPointer(x + i).storeBytes(of: product, as: V.self)
            i &+= 16
        }
        while i < count { x[i] *= m[i]; i &+= 1 }
    }
}
