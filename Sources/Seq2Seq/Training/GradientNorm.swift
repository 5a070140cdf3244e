/// The global L2 norm of all gradients, and the factor that clips it to `maxNorm`
/// (Pascanu et al. 2013). A non-finite norm means a poisoned step that must be skipped.
public struct GradientNorm {
    public let norm: Double
    public init(_ parameters: [Parameter]) {
        var sum: Double = 0
        for p in parameters {
            let g = p.gradient.pointer
            var partial: Float = 0
            for i in 0..<p.count { partial += g[i] * g[i] }
            sum += Double(partial)
        }
        norm = sum.squareRoot()
    }

    public var isFinite: Bool { norm.isFinite }

    /// The scale to apply to the gradients so their norm is at most `maxNorm`.
    public func clippingScale(maxNorm: Double) -> Float {
        norm > maxNorm ? Float(maxNorm / norm) : 1
    }
}
