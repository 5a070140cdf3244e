import Foundation
import Testing
import Seq2Seq

/// Each attention score on a case small enough to work out by hand: query q = [1, −0.5] and
/// three annotations h1 = [0.5, 1], h2 = [−1, 0.5], h3 = [2, 0]. The batch holds the sentence
/// twice, the second time with length 2 (its third annotation is padding holding [9, −9]), so
/// the masked softmax runs over the first two scores only.
struct LayerAttentionReferenceTests {
    static let query: [Float] = [1, -0.5]
    static let annotations: [[Double]] = [[0.5, 1], [-1, 0.5], [2, 0]]

    /// Runs the layer on the case and compares weights and contexts with the softmax of the
    /// hand-computed `scores`.
    static func check(_ score: AttentionScore, parameters: KeyValuePairs<String, [Float]>, scores e: [Double],
                      sourceLocation: SourceLocation = #_sourceLocation) {
        var random = RandomGenerator(seed: 91)
        let attention = Attention(name: "attention", score: score, querySize: 2, annotationSize: 2, attentionSize: 2,
                                  random: &random)
        // The parameters, in their fixed order, are the only way to reach the projections.
        #expect(attention.parameters.map(\.name) == parameters.map(\.key), sourceLocation: sourceLocation)
        for (p, (_, values)) in zip(attention.parameters, parameters) {
            #expect(p.count == values.count, "\(p.name) shape \(p.shape)", sourceLocation: sourceLocation)
            if p.count == values.count { p.value.copy(from: values) }
        }
        let h = annotations.flatMap { $0.map(Float.init) }
        let annotationBuffer = FloatBuffer(h + h.prefix(4) + [9, -9])
        attention.prepare(annotations: annotationBuffer.pointer, lengths: [3, 2], sourceLength: 3)
        let queries = FloatBuffer(query + query), contexts = FloatBuffer(count: 4)
        attention.forward(query: queries.pointer, step: 0, context: contexts.pointer)

        for (b, n) in [3, 2].enumerated() {
            let exps = e.prefix(n).map { exp($0) }
            let alpha = exps.map { $0 / exps.reduce(0, +) } + [Double](repeating: 0, count: 3 - n)
            let context = (0..<2).map { d in (0..<3).reduce(0.0) { $0 + alpha[$1] * annotations[$1][d] } }
            let weights = attention.weights.array[(b * 3)..<(b * 3 + 3)]
            for j in 0..<3 {
                #expect(abs(Double(weights[weights.startIndex + j]) - alpha[j]) < 1e-6,
                        "\(score) sentence \(b) weights \(Array(weights)) vs \(alpha)", sourceLocation: sourceLocation)
            }
            for d in 0..<2 {
                #expect(abs(Double(contexts[b * 2 + d]) - context[d]) < 1e-6,
                        "\(score) sentence \(b) context \(contexts.array) vs \(context)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("dot score: e_j = qᵀh_j")
    func dot() {
        // e = [1·0.5 − 0.5·1, 1·(−1) − 0.5·0.5, 1·2 − 0.5·0] = [0, −1.25, 2]
        Self.check(.dot, parameters: [:], scores: [0, -1.25, 2])
    }

    @Test("scaled-dot score: e_j = qᵀh_j / √d")
    func scaledDot() {
        // The dot scores divided by √2.
        Self.check(.scaledDot, parameters: [:], scores: [0, -1.25 / 2.0.squareRoot(), 2 / 2.0.squareRoot()])
    }

    @Test("general score: e_j = qᵀ W_a h_j")
    func general() {
        // W_a = [[0.5, −1], [1.5, 0.25]]
        // W_a h1 = [0.5·0.5 − 1·1,   1.5·0.5 + 0.25·1]   = [−0.75, 1];      e1 = −0.75 − 0.5·1      = −1.25
        // W_a h2 = [0.5·(−1) − 1·0.5, 1.5·(−1) + 0.25·0.5] = [−1, −1.375];   e2 = −1 − 0.5·(−1.375)  = −0.3125
        // W_a h3 = [0.5·2 − 1·0,     1.5·2 + 0.25·0]     = [1, 3];          e3 = 1 − 0.5·3          = −0.5
        Self.check(.general, parameters: ["attention.key.weight": [0.5, -1, 1.5, 0.25]], scores: [-1.25, -0.3125, -0.5])
    }

    @Test("concat score: e_j = vᵀ tanh(W_q q + W_k h_j + b)")
    func concat() {
        // W_q = [[−0.5, 1], [0.25, 0.5]]: W_q q = [−0.5·1 + 1·(−0.5), 0.25·1 + 0.5·(−0.5)] = [−1, 0]
        // W_k = [[0.5, −0.25], [1, 0.75]], b = [0.1, −0.2]:
        //   W_k h1 + b = [0.25 − 0.25 + 0.1,  0.5 + 0.75 − 0.2]  = [0.1, 1.05]
        //   W_k h2 + b = [−0.5 − 0.125 + 0.1, −1 + 0.375 − 0.2]  = [−0.525, −0.825]
        //   W_k h3 + b = [1 − 0 + 0.1,        2 + 0 − 0.2]       = [1.1, 1.8]
        // Pre-activations: [−0.9, 1.05], [−1.525, −0.825], [0.1, 1.8];  v = [1.5, −2].
        let scores = [1.5 * tanh(-0.9) - 2 * tanh(1.05),
                      1.5 * tanh(-1.525) - 2 * tanh(-0.825),
                      1.5 * tanh(0.1) - 2 * tanh(1.8)]
        Self.check(.concat, parameters: [
            "attention.key.weight": [0.5, -0.25, 1, 0.75],
            "attention.key.bias": [0.1, -0.2],
            "attention.query.weight": [-0.5, 1, 0.25, 0.5],
            "attention.score": [1.5, -2],
        ], scores: scores)
    }
}
