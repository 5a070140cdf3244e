import Testing
import Seq2Seq

/// Tables whose backward pass writes a few rows: Adam and the gradient norm skip the rows
/// nobody wrote, and must give exactly the dense passes' bits; and every writer must mark the
/// rows it writes, or those gradients would be lost.
struct GradientRowsTests {
    /// A 300 × 128 table (a buffer of several parallel pieces) with gradients in some rows; a
    /// few marked rows keep a zero gradient, as after a word's contributions cancel.
    static func table(seed: UInt64, tracked: Bool) -> Parameter {
        var random = RandomGenerator(seed: seed)
        let p = Parameter(name: "table", shape: [300, 128])
        if tracked { p.trackGradientRows() }
        for i in 0..<p.count {
            p.value[i] = random.nextUniform(limit: 1)
            p.firstMoment[i] = random.nextUniform(limit: 0.01)
            p.secondMoment[i] = abs(random.nextUniform(limit: 0.001))
        }
        for row in stride(from: 3, to: 300, by: 7) {
            p.gradientRows?.mark(row)
            if row % 5 == 0 { continue }
            for j in 0..<128 { p.gradient[row * 128 + j] = random.nextUniform(limit: 0.5) }
        }
        return p
    }

    @Test("Adam skipping unwritten rows gives the dense reference's bits, clears the gradient and the marks")
    func adamMatchesDenseReference() {
        let reference = Self.table(seed: 3, tracked: false)
        Adam(learningRate: 0.003, step: 9).referenceUpdate([reference], gradientScale: 0.8)
        for threads in [1, 2] {
            let p = Self.table(seed: 3, tracked: true)
            #expect(p.gradientRows!.markedCount == 43)
            Adam(learningRate: 0.003, step: 9).update([p], gradientScale: 0.8, pool: WorkerPool(threadCount: threads))
            #expect(p.value.array.map(\.bitPattern) == reference.value.array.map(\.bitPattern), "\(threads) threads")
            #expect(p.firstMoment.array.map(\.bitPattern) == reference.firstMoment.array.map(\.bitPattern))
            #expect(p.secondMoment.array.map(\.bitPattern) == reference.secondMoment.array.map(\.bitPattern))
            #expect(p.gradient.array.allSatisfy { $0 == 0 })
            #expect(p.gradientRows!.markedCount == 0 && !p.gradientRows!.isMarked(3))
        }
        // Unwritten rows still moved (their moments decay), as in dense Adam.
        #expect(reference.value[0] != Self.table(seed: 3, tracked: false).value[0])
    }

    @Test("The gradient norm over written rows only is bitwise the dense norm")
    func normMatchesDense() {
        let dense = GradientNorm([Self.table(seed: 4, tracked: false)]).norm
        let tracked = Self.table(seed: 4, tracked: true)
        for threads in [1, 2] {
            #expect(GradientNorm([tracked], pool: WorkerPool(threadCount: threads)).norm.bitPattern == dense.bitPattern)
        }
        #expect(abs(dense - GradientNorm.reference([tracked])) <= 1e-6 * dense)
        // A written but unmarked row is what a forgetful writer would leave: the norm misses it,
        // which the model test below guards against.
        tracked.gradient[0] = 100
        #expect(GradientNorm([tracked]).norm < 100)
    }

    @Test("After a training step every nonzero gradient row of a tracked table is marked", arguments: ["lstm", "bahdanau", "luong"])
    func everyWrittenRowIsMarked(kind: String) throws {
        for dropout: Float in [0, 0.2] {
            let configuration = ModelConfiguration(kind: ModelKind(rawValue: kind)!, embeddingSize: 64, hiddenSize: 16,
                                                   dropout: dropout, sourceVocabularySize: 40, targetVocabularySize: 30)
            var random = RandomGenerator(seed: 5)
            let model = try TranslationModel(configuration: configuration, random: &random)
            let batch = Batch(sources: [[5, 6, 7, 3], [8, 5, 3], [9, 3]], targets: [[4, 5, 6], [7, 4], [8, 9, 10, 11]])
            model.trainStep(batch: batch, labelSmoothing: 0.1, training: true, random: &random)
            let tables = model.parameters.filter { $0.gradientRows != nil }
            #expect(tables.count == 2, "the source and target embeddings")
            for p in tables {
                let rows = p.gradientRows!, width = p.shape[1]
                var nonzero = 0
                for row in 0..<p.shape[0] where (0..<width).contains(where: { p.gradient[row * width + $0] != 0 }) {
                    nonzero += 1
                    #expect(rows.isMarked(row), "\(p.name) row \(row), dropout \(dropout)")
                }
                #expect(nonzero >= 3, "\(p.name): the batch's tokens have gradients")
            }
            model.zeroGradients()
            #expect(tables.allSatisfy { $0.gradientRows!.markedCount == 0 })
        }
    }
}
