import Foundation
import Testing
import Seq2Seq

struct LayerSoftmaxCrossEntropyTests {
    // 21 classes: one 16-wide vector chunk and a scalar tail. Row 1 is padding.
    static let rows = 4, classes = 21
    static let targets: [Int32] = [2, 0, 20, 17]
    static let normalizer: Float = 3

    static func run(_ logits: FloatBuffer, labelSmoothing: Float) -> (SoftmaxCrossEntropy.Result, gradient: [Float]) {
        let scratch = FloatBuffer(logits.array)  // the call overwrites its logits with the gradient
        let result = targets.withUnsafeBufferPointer {
            SoftmaxCrossEntropy.lossAndGradient(logits: scratch.pointer, targets: $0.baseAddress!, rows: rows,
                                                classes: classes, labelSmoothing: labelSmoothing, normalizer: normalizer)
        }
        return (result, scratch.array)
    }

    @Test("Softmax cross-entropy: gradient matches finite differences, loss matches the formula, padding is inert",
          arguments: [Float(0), Float(0.1)])
    func lossAndGradient(labelSmoothing epsilon: Float) {
        var random = RandomGenerator(seed: 51)
        let V = Self.classes
        let logits = GradientCheck.randomBuffer(count: Self.rows * V, limit: 3, random: &random)
        let (result, gradient) = Self.run(logits, labelSmoothing: epsilon)

        // The loss from its definition, in double precision: target distribution
        // q = (1−ε)·onehot + ε/V, loss = −Σ_j q_j log p_j, padding rows skipped.
        var nll = 0.0, smoothed = 0.0
        for r in 0..<Self.rows where Self.targets[r] != 0 {
            let z = (0..<V).map { Double(logits[r * V + $0]) }
            let logSum = log(z.map { exp($0) }.reduce(0, +))
            let logP = z.map { $0 - logSum }
            let target = Int(Self.targets[r])
            nll -= logP[target]
            for j in 0..<V {
                let q = (j == target ? 1 - Double(epsilon) : 0) + Double(epsilon) / Double(V)
                smoothed -= q * logP[j]
            }
        }
        #expect(result.tokens == 3)
        #expect(abs(result.negativeLogLikelihood - nll) < 1e-5 * nll, "nll \(result.negativeLogLikelihood) vs \(nll)")
        #expect(abs(result.smoothedLoss - smoothed) < 1e-5 * smoothed, "smoothed \(result.smoothedLoss) vs \(smoothed)")
        if epsilon == 0 { #expect(abs(result.smoothedLoss - result.negativeLogLikelihood) < 1e-5 * nll) }

        #expect(gradient[(1 * V)..<(2 * V)].allSatisfy { $0 == 0 }, "padding row gradient \(gradient[V..<(2 * V)])")
        GradientCheck.expectMatch("logits", logits, analytic: gradient) {
            Self.run(logits, labelSmoothing: epsilon).0.smoothedLoss / Double(Self.normalizer)
        }
        // Each real row of the gradient is (p − q)/normalizer, so it sums to zero.
        for r in [0, 2, 3] {
            #expect(abs(gradient[(r * V)..<(r * V + V)].reduce(0, +)) < 1e-6, "row \(r)")
        }
    }

    @Test("logSoftmax gives log-probabilities that exponentiate to a distribution")
    func logSoftmax() {
        // 19 values (a vector chunk and a tail); one large logit: the max shift must keep it finite.
        let z: [Float] = [1, -2, 0.5, 30] + (0..<15).map { Float($0) * 0.37 - 2 }
        let values = FloatBuffer(z)
        SoftmaxCrossEntropy.logSoftmax(values.pointer, count: z.count)
        let logSum = 30 + log(z.map { exp(Double($0) - 30) }.reduce(0, +))
        for j in 0..<z.count { #expect(abs(Double(values[j]) - (Double(z[j]) - logSum)) < 1e-5, "class \(j)") }
        #expect(abs(values.array.map { exp(Double($0)) }.reduce(0, +) - 1) < 1e-6)
    }
}
