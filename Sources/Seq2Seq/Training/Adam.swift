import Foundation

/// Adam (Kingma & Ba 2014) with bias correction; the moments live in each `Parameter`, so a
/// checkpoint that stores them can resume training exactly.
///
/// The update is elementwise, so it runs as 16-lane vectors over fixed-size pieces of the
/// parameters spread over a `WorkerPool`; every element gets exactly the operations of the
/// scalar formula (`referenceUpdate`), so the result does not depend on the thread count.
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

    /// The per-step constants of the bias-corrected update.
    private struct Constants {
        let beta1: Float, beta2: Float, oneMinusBeta1: Float, oneMinusBeta2: Float
        let stepSize: Float, epsilon: Float, gradientScale: Float
    }

    /// Advances the step counter and returns the constants of the new step.
    private func nextStepConstants(gradientScale: Float) -> Constants {
        step += 1
        let correction1 = 1 - Foundation.pow(beta1, Float(step))
        let correction2 = 1 - Foundation.pow(beta2, Float(step))
        // The bias corrections are folded into the step size and epsilon (Kingma & Ba, §2).
        return Constants(beta1: beta1, beta2: beta2, oneMinusBeta1: 1 - beta1, oneMinusBeta2: 1 - beta2,
                         stepSize: learningRate * correction2.squareRoot() / correction1,
                         epsilon: epsilon * correction2.squareRoot(), gradientScale: gradientScale)
    }

    /// Applies one update from the accumulated gradients, scaled by `gradientScale` (used for
    /// clipping), and clears the gradients.
    public func update(_ parameters: [Parameter], gradientScale: Float = 1, pool: WorkerPool = .shared) {
        let constants = nextStepConstants(gradientScale: gradientScale)
        let buffers = parameters.map {
            (w: $0.value.pointer, g: $0.gradient.pointer, m: $0.firstMoment.pointer, v: $0.secondMoment.pointer,
             rows: $0.skippableGradientRows)
        }
        let chunks = BufferChunks(counts: parameters.map(\.count))
        withExtendedLifetime(parameters) {
            pool.parallelFor(chunks.count) { index in
                let chunk = chunks[index], b = buffers[chunk.buffer]
                guard let rows = b.rows else {
                    let s = chunk.start
                    Self.update(w: b.w + s, g: b.g + s, m: b.m + s, v: b.v + s, count: chunk.count, constants)
                    return
                }
                // Rows nobody wrote have a zero gradient: the same formula without reading it
                // (or clearing it) saves a third of this pass's memory traffic on those rows.
                rows.forEachRowSegment(start: chunk.start, count: chunk.count) { range, written in
                    let s = range.lowerBound
                    Self.update(w: b.w + s, g: b.g + s, m: b.m + s, v: b.v + s, count: range.count,
                                gradientIsZero: !written, constants)
                }
            }
        }
        for p in parameters { p.gradientRows?.clear() }
    }

    /// The straightforward scalar loop, kept as the test oracle of `update`.
    public func referenceUpdate(_ parameters: [Parameter], gradientScale: Float = 1) {
        let c = nextStepConstants(gradientScale: gradientScale)
        for p in parameters {
            let w = p.value.pointer, g = p.gradient.pointer, m = p.firstMoment.pointer, v = p.secondMoment.pointer
            for i in 0..<p.count {
                let gi = g[i] * c.gradientScale
                let mi = c.beta1 * m[i] + c.oneMinusBeta1 * gi
                let vi = c.beta2 * v[i] + c.oneMinusBeta2 * gi * gi
                m[i] = mi; v[i] = vi
                w[i] -= c.stepSize * mi / (vi.squareRoot() + c.epsilon)
                g[i] = 0
            }
            p.gradientRows?.clear()
        }
    }

    /// One piece of `update`: the scalar formula of `referenceUpdate`, 16 lanes at a time.
    /// With `gradientIsZero` the gradient is taken as zero without being read or cleared, and
    /// every other operation stays the same (so the bits are those of the dense pass).
    @inline(__always)
    private static func update(w: UnsafeMutablePointer<Float>, g: UnsafeMutablePointer<Float>,
                               m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
                               count: Int, gradientIsZero: Bool = false, _ c: Constants) {
        typealias V = SIMD16<Float>
        @inline(__always) func load(_ p: UnsafeMutablePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
        @inline(__always) func store(_ x: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: x, as: V.self) }
        var i = 0
        while i &+ 16 <= count {
            let gi = (gradientIsZero ? V() : load(g + i)) * c.gradientScale
            let mi = c.beta1 * load(m + i) + c.oneMinusBeta1 * gi
            let vi = c.beta2 * load(v + i) + c.oneMinusBeta2 * gi * gi
            store(mi, m + i)
            store(vi, v + i)
            store(load(w + i) - c.stepSize * mi / (FastMath.squareRoot(vi) + c.epsilon), w + i)
            if !gradientIsZero { store(V(), g + i) }
            i &+= 16
        }
        while i < count {
            let gi = (gradientIsZero ? 0 : g[i]) * c.gradientScale
            let mi = c.beta1 * m[i] + c.oneMinusBeta1 * gi
            let vi = c.beta2 * v[i] + c.oneMinusBeta2 * gi * gi
            m[i] = mi; v[i] = vi
            w[i] -= c.stepSize * mi / (vi.squareRoot() + c.epsilon)
            if !gradientIsZero { g[i] = 0 }
            i &+= 1
        }
    }
}
