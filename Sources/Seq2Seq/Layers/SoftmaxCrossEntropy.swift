import Foundation

/// The softmax over the output vocabulary fused with the cross-entropy loss and its gradient.
///
/// Fusing saves a pass over the `[rows, V]` logits, the largest activation in the model:
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
    }

    /// Computes the loss over `rows` rows of `logits` (`[rows, V]`) and replaces the logits by
    /// the gradient of `smoothedLoss / normalizer`.
    ///
    /// With label smoothing ε the target distribution is (1−ε)·onehot + ε/V.
    public static func lossAndGradient(
        logits: UnsafeMutablePointer<Float>, targets: UnsafePointer<Int32>, rows: Int, classes V: Int,
        labelSmoothing epsilon: Float, normalizer: Float
    ) -> Result {
        var result = Result()
        let scale = 1 / normalizer
        let uniform = epsilon / Float(V)
        for r in 0..<rows {
            let z = logits + r * V
            let target = Int(targets[r])
            if target == 0 { z.update(repeating: 0, count: V); continue }
            var maximum = -Float.infinity
            for j in 0..<V { maximum = max(maximum, z[j]) }
            let targetLogit = z[target]
            var sum: Float = 0, sumLogits: Float = 0
            for j in 0..<V { sumLogits += z[j]; let e = Foundation.exp(z[j] - maximum); z[j] = e; sum += e }
            let logSum = maximum + Foundation.log(sum)
            let nll = logSum - targetLogit
            let meanNegLogProb = logSum - sumLogits / Float(V)
            result.negativeLogLikelihood += Double(nll)
            result.smoothedLoss += Double((1 - epsilon) * nll + epsilon * meanNegLogProb)
            result.tokens += 1
            let inverseSum = 1 / sum
            for j in 0..<V { z[j] = (z[j] * inverseSum - uniform) * scale }
            z[target] -= (1 - epsilon) * scale
        }
        return result
    }

    /// Log-probabilities of one row of logits, for decoding.
    public static func logSoftmax(_ z: UnsafeMutablePointer<Float>, count V: Int) {
        var maximum = -Float.infinity
        for j in 0..<V { maximum = max(maximum, z[j]) }
        var sum: Float = 0
        for j in 0..<V { sum += Foundation.exp(z[j] - maximum) }
        let logSum = maximum + Foundation.log(sum)
        for j in 0..<V { z[j] -= logSum }
    }
}
