import Foundation

/// Adam (Kingma & Ba 2014) with bias correction; the moments live in each `Parameter`, so a
/// checkpoint that stores them can resume training exactly.
public final class Adam {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    /// Updates applied so far (drives the bias correction).
    public var step: Int

    public init(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, step: Int = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.step = step
    }

    /// Applies one update from the accumulated gradients, scaled by `gradientScale` (used for
    /// clipping), and clears the gradients.
    public func update(_ parameters: [Parameter], gradientScale: Float = 1) {
        step += 1
        let correction1 = 1 - Foundation.pow(beta1, Float(step))
        let correction2 = 1 - Foundation.pow(beta2, Float(step))
        let stepSize = learningRate * correction2.squareRoot() / correction1
        let b1 = beta1, b2 = beta2, eps = epsilon * correction2.squareRoot()
        for p in parameters {
            let w = p.value.pointer, g = p.gradient.pointer, m = p.firstMoment.pointer, v = p.secondMoment.pointer
            for i in 0..<p.count {
                let gi = g[i] * gradientScale
                let mi = b1 * m[i] + (1 - b1) * gi
                let vi = b2 * v[i] + (1 - b2) * gi * gi
                m[i] = mi; v[i] = vi
                w[i] -= stepSize * mi / (vi.squareRoot() + eps)
                g[i] = 0
            }
        }
    }
}
