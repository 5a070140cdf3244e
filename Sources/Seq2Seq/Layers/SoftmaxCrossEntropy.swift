import Foundation

/// The softmax over the output vocabulary fused with the cross-entropy loss and its gradient.
///
/// Fusing saves passes over the `[rows, V]` logits, the largest activation in the model:
/// the logits are overwritten by dL/dlogits in place. Rows whose target is padding (id 0)
/// contribute no loss and get a zero gradient.
public enum SoftmaxCrossEntropy {
    /// The totals of one call.
    public struct Result {
        /// Σ −log p(target) over real rows: the quantity perplexity is computed from.
        public var negativeLogLikelihood: Double = 0
        /// The label-smoothed loss actually minimised.
        public var smoothedLoss: Double = 0
        /// The number of real (non-padding) rows.
        public var tokens: Int = 0
        public init() {}
    }

    /// Computes the loss over `rows` rows of `logits` (`[rows, V]`) and replaces the logits by
    /// the gradient of `smoothedLoss / normalizer`.
    ///
    /// With label smoothing ε the target distribution is (1−ε)·onehot + ε/V.
    public static func lossAndGradient(
        logits: UnsafeMutablePointer<Float>, targets: UnsafePointer<Int32>, rows: Int, classes V: Int,
        labelSmoothing epsilon: Float, normalizer: Float, pool: WorkerPool = .shared
    ) -> Result {
        // Rows are independent: fixed blocks of rows run on the pool and their totals are added
        // in block order, so the result does not depend on the thread count.
        let blockRows = 16
        let blocks = (rows + blockRows - 1) / blockRows
        let totals = UnsafeMutableBufferPointer<Result>.allocate(capacity: max(blocks, 1))
        defer { totals.deallocate() }
        pool.parallelFor(blocks) { block in
            totals[block] = lossAndGradient(logits: logits, targets: targets, rows: (block * blockRows)..<min(rows, (block + 1) * blockRows),
                                            classes: V, labelSmoothing: epsilon, normalizer: normalizer)
        }
        var result = Result()
        for block in 0..<blocks {
            result.negativeLogLikelihood += totals[block].negativeLogLikelihood
            result.smoothedLoss += totals[block].smoothedLoss
            result.tokens += totals[block].tokens
        }
        return result
    }

    /// `lossAndGradient` for a range of rows.
    private static func lossAndGradient(
        logits: UnsafeMutablePointer<Float>, targets: UnsafePointer<Int32>, rows: Range<Int>, classes V: Int,
        labelSmoothing epsilon: Float, normalizer: Float
    ) -> Result {
        var result = Result()
        let scale = 1 / normalizer
        let uniform = epsilon / Float(V)
        for r in rows {
            let z = logits + r * V
            let target = Int(targets[r])
            if target == 0 { z.update(repeating: 0, count: V); continue }
            let targetLogit = z[target]
            let maximum = maximumValue(z, V)
            let (sum, sumLogits) = exponentiate(z, V, subtracting: maximum)
            let logSum = maximum + Foundation.log(sum)
            let nll = logSum - targetLogit
            let meanNegativeLogProbability = logSum - sumLogits / Float(V)
            result.negativeLogLikelihood += Double(nll)
            result.smoothedLoss += Double((1 - epsilon) * nll + epsilon * meanNegativeLogProbability)
            result.tokens += 1
            // Gradient of the smoothed loss: softmax − target distribution, scaled.
            let a = scale / sum, b = uniform * scale
            forEachChunk(z, V) { $0 * a - b }
            z[target] -= (1 - epsilon) * scale
        }
        return result
    }

    /// Replaces one row of logits by its log-probabilities, for decoding.
    public static func logSoftmax(_ z: UnsafeMutablePointer<Float>, count V: Int) {
        let logSum = logSumExp(z, count: V)
        forEachChunk(z, V) { $0 - logSum }
    }

    /// log Σ exp(z): the normaliser `logSoftmax` subtracts (so `z[i] − logSumExp` is exactly
    /// the log-probability it writes).
    public static func logSumExp(_ z: UnsafeMutablePointer<Float>, count V: Int) -> Float {
        let maximum = maximumValue(z, V)
        var sum: Float = 0
        var i = 0
        var acc = SIMD16<Float>()
        while i + 16 <= V {
            acc += FastMath.exp(UnsafeRawPointer(z + i).loadUnaligned(as: SIMD16<Float>.self) - maximum)
            i += 16
        }
        sum = acc.sum()
        while i < V { sum += FastMath.exp(z[i] - maximum); i += 1 }
        return maximum + Foundation.log(sum)
    }

    @inline(__always)
    static func maximumValue(_ z: UnsafeMutablePointer<Float>, _ V: Int) -> Float {
        var m = SIMD16<Float>(repeating: -.infinity)
        var i = 0
        while i + 16 <= V {
            // A compare-and-select: the generic `pointwiseMax` went lane by lane through memory
            // on AVX2 (measured: 80 % of this layer's time).
            let v = UnsafeRawPointer(z + i).loadUnaligned(as: SIMD16<Float>.self)
            m.replace(with: v, where: v .> m)
            i += 16
        }
        var result = m.max()
        while i < V { result = max(result, z[i]); i += 1 }
        return result
    }

    /// z ← exp(z − shift); returns (Σ exp, Σ original z).
    @inline(__always)
    static func exponentiate(_ z: UnsafeMutablePointer<Float>, _ V: Int, subtracting shift: Float) -> (Float, Float) {
        var sum = SIMD16<Float>(), sumLogits = SIMD16<Float>()
        var i = 0
        while i + 16 <= V {
            let v = UnsafeRawPointer(z + i).loadUnaligned(as: SIMD16<Float>.self)
            sumLogits += v
            let e = FastMath.exp(v - shift)
            sum += e
            UnsafeMutableRawPointer(z + i).storeBytes(of: e, as: SIMD16<Float>.self)
            i += 16
        }
        var s = sum.sum(), l = sumLogits.sum()
        while i < V { l += z[i]; let e = FastMath.exp(z[i] - shift); z[i] = e; s += e; i += 1 }
        return (s, l)
    }

    @inline(__always)
    static func forEachChunk(_ z: UnsafeMutablePointer<Float>, _ V: Int, _ f: (SIMD16<Float>) -> SIMD16<Float>) {
        var i = 0
        while i + 16 <= V {
            let v = UnsafeRawPointer(z + i).loadUnaligned(as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(z + i).storeBytes(of: f(v), as: SIMD16<Float>.self)
            i += 16
        }
        while i < V { z[i] = f(SIMD16(repeating: z[i]))[0]; i += 1 }
    }
}
