import Foundation
import Testing
import Seq2Seq

/// The vectorised, pool-parallel versions of the optimizer, the gradient norm, the softmax loss
/// and attention against their plain references, and their independence of the thread count.
struct PerformanceKernelTests {
    /// Parameters of awkward sizes: scalar tails, and one larger than a parallel piece (16,384).
    static func parameters(seed: UInt64) -> [Parameter] {
        var random = RandomGenerator(seed: seed)
        let shapes = [[3], [37, 5], [20_011], [16, 16]]
        return shapes.enumerated().map { index, shape in
            let p = Parameter(name: "p\(index)", shape: shape)
            for i in 0..<p.count {
                p.value[i] = random.nextUniform(limit: 1)
                p.gradient[i] = random.nextUniform(limit: 0.5)
                p.firstMoment[i] = random.nextUniform(limit: 0.01)
                p.secondMoment[i] = abs(random.nextUniform(limit: 0.001))
            }
            return p
        }
    }

    @Test("Adam on the pool gives bitwise the scalar reference's values and moments, on 1 and 2 threads")
    func adamMatchesReference() {
        let reference = Self.parameters(seed: 5)
        let referenceAdam = Adam(learningRate: 0.003, step: 4)
        for threads in [1, 2] {
            let parameters = Self.parameters(seed: 5)
            let adam = Adam(learningRate: 0.003, step: 4)
            adam.update(parameters, gradientScale: 0.7, pool: WorkerPool(threadCount: threads))
            if threads == 1 { referenceAdam.referenceUpdate(reference, gradientScale: 0.7) }
            #expect(adam.step == 5)
            for (p, q) in zip(parameters, reference) {
                #expect(p.value.array == q.value.array, "\(p.name) values, \(threads) threads")
                #expect(p.firstMoment.array == q.firstMoment.array, "\(p.name) first moment")
                #expect(p.secondMoment.array == q.secondMoment.array, "\(p.name) second moment")
                #expect(p.gradient.array.allSatisfy { $0 == 0 }, "\(p.name) gradient cleared")
            }
        }
        // The update really moved the weights (a no-op would also "match").
        #expect(Self.parameters(seed: 5)[2].value.array != reference[2].value.array)
    }

    @Test("Column sums (bias gradients) split over threads give the plain row-order loop's bits")
    func columnSumsMatchPlainLoop() {
        var random = RandomGenerator(seed: 11)
        for (rows, columns) in [(448, 1561), (3, 7), (130, 1024), (1, 16)] {
            let matrix = (0..<(rows * columns)).map { _ in random.nextUniform(limit: 1) }
            let start = (0..<columns).map { _ in random.nextUniform(limit: 1) }
            var expected = start
            for r in 0..<rows { for j in 0..<columns { expected[j] += matrix[r * columns + j] } }
            for threads in [1, 2, 3] {
                var sums = start
                accumulateColumnSums(of: matrix, rows: rows, columns: columns, into: &sums,
                                     pool: WorkerPool(threadCount: threads))
                #expect(sums.map(\.bitPattern) == expected.map(\.bitPattern), "\(rows)×\(columns), \(threads) threads")
            }
        }
    }

    @Test("The gradient norm matches a double-precision loop and does not depend on the thread count")
    func gradientNormMatchesReference() {
        let parameters = Self.parameters(seed: 6)
        let expected = GradientNorm.reference(parameters)
        let one = GradientNorm(parameters, pool: WorkerPool(threadCount: 1)).norm
        let two = GradientNorm(parameters, pool: WorkerPool(threadCount: 2)).norm
        #expect(abs(one - expected) <= 1e-6 * expected, "\(one) vs \(expected)")
        #expect(one.bitPattern == two.bitPattern)
        // √(Σ g²) for g uniform in ±0.5 over 20,414 values is about 41.
        #expect(expected > 30 && expected < 50)
        parameters[1].gradient[7] = .nan
        #expect(!GradientNorm(parameters).isFinite)
    }

    @Test("Softmax cross-entropy over many rows: the same totals and gradient on 1 and 2 threads")
    func softmaxIndependentOfThreads() {
        let rows = 70, classes = 53
        var random = RandomGenerator(seed: 7)
        let logits = (0..<(rows * classes)).map { _ in random.nextUniform(limit: 4) }
        let targets = (0..<rows).map { Int32($0 % 9 == 0 ? 0 : 1 + $0 % (classes - 1)) }
        func run(threads: Int) -> (SoftmaxCrossEntropy.Result, [Float]) {
            let buffer = FloatBuffer(logits)
            let result = targets.withUnsafeBufferPointer {
                SoftmaxCrossEntropy.lossAndGradient(logits: buffer.pointer, targets: $0.baseAddress!, rows: rows,
                                                    classes: classes, labelSmoothing: 0.1, normalizer: 50,
                                                    pool: WorkerPool(threadCount: threads))
            }
            return (result, buffer.array)
        }
        let (one, gradientOne) = run(threads: 1), (two, gradientTwo) = run(threads: 2)
        #expect(one.negativeLogLikelihood == two.negativeLogLikelihood)
        #expect(one.smoothedLoss == two.smoothedLoss)
        #expect(gradientOne == gradientTwo)
        #expect(one.tokens == rows - (rows + 8) / 9)
        // Each real row's cross-entropy, in double precision.
        var nll = 0.0
        for r in 0..<rows where targets[r] != 0 {
            let z = (0..<classes).map { Double(logits[r * classes + $0]) }
            nll += log(z.map { exp($0) }.reduce(0, +)) - z[Int(targets[r])]
        }
        #expect(abs(one.negativeLogLikelihood - nll) < 1e-3, "\(one.negativeLogLikelihood) vs \(nll)")
    }

    @Test("Attention split into parts (a batch large enough) matches a naive double-precision reference",
          arguments: [AttentionScore.dot, .general, .concat])
    func attentionMatchesNaiveReference(score: AttentionScore) {
        // 8 sentences × 16 positions × 256 wide: enough work to be split over the pool.
        let B = 8, S = 16, D = 256
        let lengths = [16, 3, 9, 16, 1, 12, 7, 15]
        var random = RandomGenerator(seed: 8)
        let attention = Attention(name: "a", score: score, querySize: D, annotationSize: D, attentionSize: D, random: &random)
        for p in attention.parameters { for i in 0..<p.count { p.value[i] = random.nextUniform(limit: 0.06) } }
        let annotations = FloatBuffer((0..<(B * S * D)).map { _ in random.nextUniform(limit: 1) })
        let query = FloatBuffer((0..<(B * D)).map { _ in random.nextUniform(limit: 1) })
        let contextGradient = FloatBuffer((0..<(B * D)).map { _ in random.nextUniform(limit: 1) })
        let context = FloatBuffer(count: B * D), queryGradient = FloatBuffer(count: B * D)
        attention.prepare(annotations: annotations.pointer, lengths: lengths, sourceLength: S)
        attention.forward(query: query.pointer, step: 0, context: context.pointer)
        attention.backward(query: query.pointer, step: 0, contextGradient: contextGradient.pointer,
                           queryGradient: queryGradient.pointer)
        attention.finishBackward()

        // The reference: scores, softmax, context and their gradients with plain loops.
        func values(_ suffix: String) -> [Double] {
            attention.parameters.first { $0.name.hasSuffix(suffix) }?.value.array.map(Double.init) ?? []
        }
        let W = values("key.weight"), keyBias = values("key.bias"), Wq = values("query.weight"), v = values("score")
        func h(_ b: Int, _ j: Int, _ d: Int) -> Double { Double(annotations[(b * S + j) * D + d]) }
        func q(_ b: Int, _ d: Int) -> Double { Double(query[b * D + d]) }
        var maxContextError = 0.0, maxQueryGradientError = 0.0
        for b in 0..<B {
            let n = lengths[b]
            // key_j and the score e_j (with dq from de_j) for each score type.
            var keys: [[Double]] = [], tanhs: [[Double]] = [], projectedQuery = [Double](repeating: 0, count: D)
            if score == .concat { for a in 0..<D { for d in 0..<D { projectedQuery[a] += Wq[a * D + d] * q(b, d) } } }
            var e = [Double](repeating: 0, count: n)
            for j in 0..<n {
                var key = [Double](repeating: 0, count: D)
                for a in 0..<D {
                    switch score {
                    case .dot, .scaledDot: key[a] = h(b, j, a)
                    case .general, .concat:
                        var sum = score == .concat ? keyBias[a] : 0
                        for d in 0..<D { sum += W[a * D + d] * h(b, j, d) }
                        key[a] = sum
                    }
                }
                keys.append(key)
                if score == .concat {
                    let t = (0..<D).map { Foundation.tanh(projectedQuery[$0] + key[$0]) }
                    tanhs.append(t)
                    e[j] = (0..<D).reduce(0) { $0 + v[$1] * t[$1] }
                } else {
                    e[j] = (0..<D).reduce(0) { $0 + q(b, $1) * key[$1] }
                }
            }
            let m = e.max()!, exps = e.map { Foundation.exp($0 - m) }, total = exps.reduce(0, +)
            let alpha = exps.map { $0 / total }
            for d in 0..<D {
                let c = (0..<n).reduce(0.0) { $0 + alpha[$1] * h(b, $1, d) }
                maxContextError = max(maxContextError, abs(c - Double(context[b * D + d])))
            }
            // dL/dq for L = Σ contextGradient·context.
            let dw = (0..<n).map { j in (0..<D).reduce(0.0) { $0 + Double(contextGradient[b * D + $1]) * h(b, j, $1) } }
            let weighted = (0..<n).reduce(0.0) { $0 + alpha[$1] * dw[$1] }
            let de = (0..<n).map { alpha[$0] * (dw[$0] - weighted) }
            var dq = [Double](repeating: 0, count: D)
            for j in 0..<n {
                if score == .concat {
                    var dProjected = [Double](repeating: 0, count: D)
                    for a in 0..<D { dProjected[a] = de[j] * v[a] * (1 - tanhs[j][a] * tanhs[j][a]) }
                    for d in 0..<D { for a in 0..<D { dq[d] += Wq[a * D + d] * dProjected[a] } }
                } else {
                    for a in 0..<D { dq[a] += de[j] * keys[j][a] }
                }
            }
            for d in 0..<D { maxQueryGradientError = max(maxQueryGradientError, abs(dq[d] - Double(queryGradient[b * D + d]))) }
        }
        #expect(maxContextError < 1e-5, "\(score) context error \(maxContextError)")
        #expect(maxQueryGradientError < 1e-4, "\(score) query gradient error \(maxQueryGradientError)")
        // Padded annotations get no gradient.
        #expect((3..<S).allSatisfy { j in (0..<D).allSatisfy { attention.annotationGradient[(1 * S + j) * D + $0] == 0 } })
    }
}
