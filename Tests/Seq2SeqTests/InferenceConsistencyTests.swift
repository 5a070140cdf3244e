import Testing
import Seq2Seq

/// The step-by-step inference path must compute exactly what the teacher-forced training path
/// computes for the same target prefix.
struct InferenceConsistencyTests {
    @Test("inference steps reproduce the teacher-forced loss", arguments: ModelKind.allCases)
    func stepsMatchTeacherForcing(kind: ModelKind) throws {
        let configuration = ModelConfiguration(kind: kind, score: .general, embeddingSize: 16, hiddenSize: 16,
                                               bidirectional: kind == .bahdanau, dropout: 0.3,
                                               sourceVocabularySize: 20, targetVocabularySize: 20)
        var random = RandomGenerator(seed: 11)
        let model = try TranslationModel(configuration: configuration, random: &random)
        let source: [Int32] = [6, 9, 12, 7, 3], target: [Int32] = [8, 10, 15, 4]
        let batch = Batch(sources: [source], targets: [target])
        let forced = model.evaluate(batch: batch, random: &random)

        let encoded = Batch(sources: [source])
        model.encoder.forward(source: encoded.source, lengths: encoded.sourceLengths, sourceLength: encoded.sourceLength,
                              training: false, random: &random)
        let state = model.decoder.initialState(encoder: model.encoder, lengths: encoded.sourceLengths, sourceLength: encoded.sourceLength)
        let logProbabilities = FloatBuffer()
        var total: Double = 0
        var previous = Int32(Vocabulary.start)
        for next in target + [Int32(Vocabulary.end)] {
            model.decoder.step(state, tokens: [previous], logProbabilities: logProbabilities, attentionWeights: nil)
            total -= Double(logProbabilities[Int(next)])
            previous = next
        }
        #expect(abs(total - forced.negativeLogLikelihood) < 1e-3, "inference \(total) vs teacher forcing \(forced.negativeLogLikelihood)")
    }

    @Test("decoding with weights packed once equals packing on every call, and repacking follows new weights")
    func packedOnceMatchesPackedPerCall() throws {
        let configuration = ModelConfiguration(kind: .luong, score: .dot, embeddingSize: 32, hiddenSize: 64,
                                               bidirectional: true, dropout: 0,
                                               sourceVocabularySize: 30, targetVocabularySize: 40)
        var random = RandomGenerator(seed: 5)
        let model = try TranslationModel(configuration: configuration, random: &random)
        let sources: [[Int32]] = [[6, 9, 12, 7, 3], [11, 4, 3], [20, 21, 22, 23, 24, 25, 3]]
        let limit: (Int) -> Int = { $0 + 4 }
        func decode(packedOnce: Bool) -> [[Int32]] {
            var out = GreedyDecoding.decode(model: model, sources: sources, maxLength: limit, weightsPacked: packedOnce).map(\.tokens)
            out += sources.map {
                BeamSearch.decode(model: model, source: $0, beamSize: 3, maxLength: 8, lengthPenalty: .none,
                                  weightsPacked: packedOnce)[0].tokens
            }
            return out
        }
        model.packForInference()
        let before = decode(packedOnce: true)
        #expect(before == decode(packedOnce: false))
        // Change the output layer's weights: the old packing no longer matches them.
        let output = model.decoder.output.weight
        for i in 0..<output.count { output.value[i] = Float(i % 7) * 0.05 - Float(i % 3) * 0.02 }
        model.packForInference()
        let after = decode(packedOnce: true)
        #expect(after == decode(packedOnce: false))
        #expect(after != before)
    }
}
