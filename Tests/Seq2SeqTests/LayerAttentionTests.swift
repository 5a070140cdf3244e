import Testing
import Seq2Seq

struct LayerAttentionTests {
    // Batch-major annotations [B, S, D], S = 4; sentences 1 and 2 are shorter than the longest.
    static let lengths = [4, 2, 3]
    static let sourceLength = 4, size = 4, attentionSize = 3, steps = 2

    /// An attention layer with every parameter randomised, annotations (with values in the padded
    /// positions too) and one query per decoder step `[T, B, Q]`.
    static func setUp(_ score: AttentionScore, seed: UInt64) -> (Attention, annotations: FloatBuffer, queries: FloatBuffer) {
        var random = RandomGenerator(seed: seed)
        let attention = Attention(name: "attention", score: score, querySize: size, annotationSize: size,
                                  attentionSize: attentionSize, random: &random)
        GradientCheck.randomize(attention.parameters, random: &random)
        let B = lengths.count
        let annotations = GradientCheck.randomBuffer(count: B * sourceLength * size, random: &random)
        let queries = GradientCheck.randomBuffer(count: steps * B * size, limit: 2, random: &random)
        return (attention, annotations, queries)
    }

    /// Runs `prepare` and every step, writing the contexts `[T, B, D]`.
    static func forward(_ attention: Attention, annotations: FloatBuffer, queries: FloatBuffer, contexts: FloatBuffer,
                        lengths: [Int] = lengths) {
        let B = lengths.count
        attention.prepare(annotations: annotations.pointer, lengths: lengths, sourceLength: sourceLength)
        for t in 0..<steps {
            attention.forward(query: queries.pointer + t * B * size, step: t, context: contexts.pointer + t * B * size)
        }
    }

    @Test("Attention backward matches finite differences for queries, annotations and parameters",
          arguments: AttentionScore.allCases)
    func gradients(score: AttentionScore) {
        let (attention, annotations, queries) = Self.setUp(score, seed: 81)
        let B = Self.lengths.count, S = Self.sourceLength, D = Self.size, T = Self.steps
        var random = RandomGenerator(seed: 82)
        let w = GradientCheck.randomBuffer(count: T * B * D, random: &random)
        let contexts = FloatBuffer(count: T * B * D)
        func loss() -> Double {
            Self.forward(attention, annotations: annotations, queries: queries, contexts: contexts)
            return GradientCheck.weightedSum(contexts.pointer, w)
        }
        _ = loss()
        let queryGradient = FloatBuffer(count: T * B * D)
        for t in stride(from: T - 1, through: 0, by: -1) {
            attention.backward(query: queries.pointer + t * B * D, step: t, contextGradient: w.pointer + t * B * D,
                               queryGradient: queryGradient.pointer + t * B * D)
        }
        attention.finishBackward()
        let annotationGradient = attention.annotationGradient.array  // the next prepare clears it

        GradientCheck.expectMatch("dQuery", queries, analytic: queryGradient.array, loss: loss)
        GradientCheck.expectMatch("dAnnotations", annotations, analytic: annotationGradient, loss: loss)
        for p in attention.parameters {
            GradientCheck.expectMatch(p.name, p.value, analytic: p.gradient.array, loss: loss)
        }
        for b in 0..<B { for j in Self.lengths[b]..<S {
            let at = (b * S + j) * D
            #expect(annotationGradient[at..<(at + D)].allSatisfy { $0 == 0 }, "padded annotation b=\(b) j=\(j)")
        } }
    }

    @Test("Masked attention: padded positions get weight exactly 0, rows sum to 1, padding values are ignored",
          arguments: AttentionScore.allCases)
    func masking(score: AttentionScore) {
        let (attention, annotations, queries) = Self.setUp(score, seed: 83)
        let B = Self.lengths.count, S = Self.sourceLength, D = Self.size, T = Self.steps
        let contexts = FloatBuffer(count: T * B * D)
        // A batch without padding first, so the reused weight buffer holds non-zero values where
        // the masked batch has padding.
        Self.forward(attention, annotations: annotations, queries: queries, contexts: contexts,
                     lengths: [Int](repeating: S, count: B))
        #expect(attention.weights.array.allSatisfy { $0 > 0 })
        Self.forward(attention, annotations: annotations, queries: queries, contexts: contexts)
        let weights = attention.weights.array
        #expect(weights.count == T * B * S)
        for t in 0..<T { for b in 0..<B {
            let row = Array(weights[((t * B + b) * S)..<((t * B + b) * S + S)])
            let n = Self.lengths[b]
            #expect(row[n...].allSatisfy { $0 == 0 }, "step \(t) sentence \(b): \(row)")
            #expect(row[..<n].allSatisfy { $0 > 0 }, "step \(t) sentence \(b): \(row)")
            #expect(abs(row.reduce(0, +) - 1) < 1e-6, "step \(t) sentence \(b): \(row)")
        } }

        // Other values in the padded annotations leave weights and contexts unchanged.
        let otherAnnotations = FloatBuffer(annotations.array)
        for b in 0..<B { for j in Self.lengths[b]..<S { for d in 0..<D { otherAnnotations[(b * S + j) * D + d] = 5 } } }
        let otherContexts = FloatBuffer(count: T * B * D)
        Self.forward(attention, annotations: otherAnnotations, queries: queries, contexts: otherContexts)
        #expect(attention.weights.array == weights)
        #expect(otherContexts.array == contexts.array)
    }
}
