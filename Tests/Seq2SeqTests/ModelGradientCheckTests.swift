import Testing
import Seq2Seq

/// Central finite differences against every backward pass, on whole models small enough to
/// check every parameter. Float32 differences are noisy, so the tolerance is relative with a
/// floor; a wrong sign, a dropped term or a transposed matrix moves the error far past it
/// (checked by breaking single terms of the attention and LSTM backward: errors of 0.3 to 1.0).
struct ModelGradientCheckTests {
    static let sources: [[Int32]] = [[6, 7, 8, 3], [9, 3], [10, 11, 3]]  // padded in the batch
    static let targets: [[Int32]] = [[6, 7], [8, 9, 10, 6], [11]]

    static func makeModel(_ kind: ModelKind, score: AttentionScore = .general, bidirectional: Bool = false,
                          layers: Int = 1, inputFeeding: Bool = true) throws -> TranslationModel {
        let configuration = ModelConfiguration(kind: kind, score: score, embeddingSize: 5, hiddenSize: 6,
                                               encoderLayers: layers, bidirectional: bidirectional,
                                               inputFeeding: inputFeeding, dropout: 0,
                                               sourceVocabularySize: 12, targetVocabularySize: 12)
        var random = RandomGenerator(seed: 7)
        let model = try TranslationModel(configuration: configuration, random: &random)
        // Larger weights than the default init make every term of the gradient matter.
        for p in model.parameters { for i in 0..<p.count { p.value[i] *= 3 } }
        return model
    }

    static func loss(_ model: TranslationModel, _ batch: Batch) -> Double {
        var random = RandomGenerator(seed: 1)
        model.encoder.forward(source: batch.source, lengths: batch.sourceLengths, sourceLength: batch.sourceLength,
                              training: false, random: &random)
        let r = model.decoder.forward(batch: batch, encoder: model.encoder, training: false, labelSmoothing: 0.1,
                                      normalizer: Float(batch.targetTokens), random: &random)
        return r.smoothedLoss / Double(batch.targetTokens)
    }

    /// The largest relative error between analytic and numerical gradients over all parameters,
    /// with the name of the worst parameter.
    static func worstError(_ model: TranslationModel) -> (Double, String) {
        let batch = Batch(sources: sources, targets: targets)
        model.zeroGradients()
        var random = RandomGenerator(seed: 1)
        model.trainStep(batch: batch, labelSmoothing: 0.1, training: false, random: &random)
        var worst = 0.0, worstName = ""
        let h: Float = 3e-3
        for p in model.parameters {
            for i in 0..<p.count {
                let saved = p.value[i]
                p.value[i] = saved + h
                let plus = loss(model, batch)
                p.value[i] = saved - h
                let minus = loss(model, batch)
                p.value[i] = saved
                let numeric = (plus - minus) / Double(2 * h)
                let analytic = Double(p.gradient[i])
                let error = abs(numeric - analytic) / max(5e-3, abs(numeric) + abs(analytic))
                if error > worst { worst = error; worstName = "\(p.name)[\(i)] analytic \(analytic) numeric \(numeric)" }
            }
        }
        return (worst, worstName)
    }

    @Test("gradients of every decoder, score and encoder option match finite differences", arguments: [
        ("lstm", "general", false, 1, true),
        ("lstm", "general", true, 2, true),
        ("bahdanau", "concat", false, 1, true),
        ("bahdanau", "concat", true, 1, true),
        ("luong", "dot", false, 1, true),
        ("luong", "scaled-dot", false, 1, true),
        ("luong", "general", false, 1, true),
        ("luong", "general", true, 2, true),
        ("luong", "general", false, 1, false),
        ("luong", "concat", true, 1, true),
    ])
    func modelGradients(kind: String, score: String, bidirectional: Bool, layers: Int, inputFeeding: Bool) throws {
        let model = try Self.makeModel(ModelKind(rawValue: kind)!, score: AttentionScore(rawValue: score)!,
                                       bidirectional: bidirectional, layers: layers, inputFeeding: inputFeeding)
        // Without dropout the embeddings' products run per distinct token; dropout (as in
        // default training) turns that off, so the per-position products are checked too.
        for projected in [true, false] {
            model.encoder.projectsTokenInputs = projected
            model.decoder.projectsTokenInputs = projected
            let (error, at) = Self.worstError(model)
            #expect(error < 2e-2, "projected tokens \(projected): worst relative error \(error) at \(at)")
        }
    }
}
