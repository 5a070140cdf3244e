import Testing
import Seq2Seq

/// `TokenInputProjection` against the per-position products it replaces (the oracle), and
/// against finite differences.
struct LayerTokenInputProjectionTests {
    // Time-major ids [S, B] with repeated tokens, padding (id 0) after the short sentences,
    // and a token (5) that appears only once.
    static let lengths = [3, 4, 1]
    static let steps = 4, vocabulary = 9, embeddingSize = 5, hiddenSize = 3
    static let ids: [Int32] = [4, 6, 4,
                               7, 6, 0,
                               4, 5, 0,
                               0, 7, 0]

    static func makeLayer(reversed: Bool, seed: UInt64) -> (LSTMLayer, Embedding) {
        var random = RandomGenerator(seed: seed)
        let embedding = Embedding(name: "embedding", vocabularySize: vocabulary, dimension: embeddingSize, random: &random)
        let layer = LSTMLayer(name: "lstm", inputSize: embeddingSize, hiddenSize: hiddenSize, reversed: reversed, random: &random)
        GradientCheck.randomize(layer.parameters, random: &random)
        return (layer, embedding)
    }

    @Test("an LSTM over projected tokens matches the per-position products: outputs, states and every gradient",
          arguments: [false, true])
    func matchesPerPositionProducts(reversed: Bool) {
        let S = Self.steps, B = Self.lengths.count, E = Self.embeddingSize, H = Self.hiddenSize
        let (layer, embedding) = Self.makeLayer(reversed: reversed, seed: 81)
        var random = RandomGenerator(seed: 82)
        let outputGradient = GradientCheck.randomBuffer(count: S * B * H, random: &random)
        let finalHiddenGradient = GradientCheck.randomBuffer(count: B * H, random: &random)
        let finalCellGradient = GradientCheck.randomBuffer(count: B * H, random: &random)

        // The oracle: look the vectors up, run the per-position products, scatter dInput back.
        let embedded = FloatBuffer(count: S * B * E)
        embedding.forward(ids: Self.ids, count: S * B, output: embedded.pointer)
        layer.forward(input: embedded.pointer, lengths: Self.lengths, steps: S)
        let expected = (layer.outputs.array, layer.finalHidden.array, layer.finalCell.array)
        GradientCheck.zeroGradients(layer.parameters + embedding.parameters)
        let inputGradient = FloatBuffer(count: S * B * E)
        layer.backward(outputGradient: outputGradient.pointer, finalHiddenGradient: finalHiddenGradient.pointer,
                       finalCellGradient: finalCellGradient.pointer, inputGradient: inputGradient.pointer)
        embedding.backward(ids: Self.ids, count: S * B, outputGradient: inputGradient.pointer)
        let expectedGradients = (layer.parameters + embedding.parameters).map(\.gradient.array)

        layer.forward(tokens: Self.ids, embedding: embedding, lengths: Self.lengths, steps: S)
        #expect(GradientCheck.maxDifference(layer.outputs.array, expected.0) < 1e-5)
        #expect(GradientCheck.maxDifference(layer.finalHidden.array, expected.1) < 1e-5)
        #expect(GradientCheck.maxDifference(layer.finalCell.array, expected.2) < 1e-5)
        GradientCheck.zeroGradients(layer.parameters + embedding.parameters)
        layer.backward(outputGradient: outputGradient.pointer, finalHiddenGradient: finalHiddenGradient.pointer,
                       finalCellGradient: finalCellGradient.pointer, inputGradient: nil)
        for (p, want) in zip(layer.parameters + embedding.parameters, expectedGradients) {
            #expect(GradientCheck.maxDifference(p.gradient.array, want) < 1e-5, "\(p.name)")
            #expect(want.contains { $0 != 0 }, "\(p.name): the oracle's gradient vanishes")
        }
        // The padding row gets nothing, as `Embedding.backward` promises.
        #expect(embedding.table.gradient.array[0..<E].allSatisfy { $0 == 0 })
    }

    @Test("an LSTM over projected tokens matches finite differences for its weights and the embedding",
          arguments: [false, true])
    func gradients(reversed: Bool) {
        let S = Self.steps, B = Self.lengths.count, H = Self.hiddenSize
        let (layer, embedding) = Self.makeLayer(reversed: reversed, seed: reversed ? 84 : 83)
        var random = RandomGenerator(seed: 85)
        let wOutputs = GradientCheck.randomBuffer(count: S * B * H, random: &random)
        let wHidden = GradientCheck.randomBuffer(count: B * H, random: &random)
        let wCell = GradientCheck.randomBuffer(count: B * H, random: &random)
        func loss() -> Double {
            layer.forward(tokens: Self.ids, embedding: embedding, lengths: Self.lengths, steps: S)
            return GradientCheck.weightedSum(layer.outputs.pointer, wOutputs)
                + GradientCheck.weightedSum(layer.finalHidden.pointer, wHidden)
                + GradientCheck.weightedSum(layer.finalCell.pointer, wCell)
        }
        _ = loss()
        GradientCheck.zeroGradients(layer.parameters + embedding.parameters)
        layer.backward(outputGradient: wOutputs.pointer, finalHiddenGradient: wHidden.pointer,
                       finalCellGradient: wCell.pointer, inputGradient: nil)
        for p in layer.parameters + embedding.parameters {
            // Row 0 (padding) and row 8 (never used) of the embedding have no gradient to check.
            let rows = p === embedding.table ? Array(Self.embeddingSize..<(8 * Self.embeddingSize)) : nil
            GradientCheck.expectMatch(p.name, p.value, analytic: p.gradient.array, indices: rows, loss: loss)
        }
    }

    /// The small case sums gradients on one thread; the large one (hidden 64, 48 sentences)
    /// splits the per-token sums over the pool.
    @Test("a training step with projected tokens gives the loss and gradients of the per-position products",
          arguments: ["lstm", "bahdanau", "luong"], [false, true])
    func trainStepMatches(kind: String, large: Bool) throws {
        let configuration = ModelConfiguration(kind: ModelKind(rawValue: kind)!, score: .general, embeddingSize: 8,
                                               hiddenSize: large ? 64 : 16, encoderLayers: 1, bidirectional: true,
                                               inputFeeding: true, dropout: 0, sourceVocabularySize: 20, targetVocabularySize: 20)
        var random = RandomGenerator(seed: 86)
        let model = try TranslationModel(configuration: configuration, random: &random)
        var sources: [[Int32]] = [[4, 5, 6, 4, 3], [7, 4, 3], [5, 5, 9, 3]]
        var targets: [[Int32]] = [[8, 9, 8], [10, 8, 11, 12, 8], [9]]
        if large {
            func sentence(_ length: Int) -> [Int32] { (0..<length).map { _ in Int32(4 + random.next() % 16) } }
            sources = (0..<48).map { _ in sentence(3 + Int(random.next() % 4)) }
            targets = (0..<48).map { _ in sentence(1 + Int(random.next() % 5)) }
        }
        let batch = Batch(sources: sources, targets: targets)
        func step(projected: Bool) -> (Double, [[Float]]) {
            model.encoder.projectsTokenInputs = projected
            model.decoder.projectsTokenInputs = projected
            model.zeroGradients()
            var random = RandomGenerator(seed: 1)
            let result = model.trainStep(batch: batch, labelSmoothing: 0.1, random: &random)
            return (result.smoothedLoss, model.parameters.map(\.gradient.array))
        }
        let (expectedLoss, expectedGradients) = step(projected: false)
        let (loss, gradients) = step(projected: true)
        #expect(abs(loss - expectedLoss) < 1e-5 * abs(expectedLoss))
        for (p, (got, want)) in zip(model.parameters, zip(gradients, expectedGradients)) {
            let scale = want.map(abs).max() ?? 0
            #expect(GradientCheck.maxDifference(got, want) <= 1e-4 * max(scale, 1e-3), "\(p.name)")
        }
    }
}
