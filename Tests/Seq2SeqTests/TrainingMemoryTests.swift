import Testing
import Seq2Seq

/// The memory estimate that stops an impossible configuration before anything is allocated.
struct TrainingMemoryTests {
    @Test("the parameter count computed from a configuration matches the built model's")
    func parameterCountMatchesModel() throws {
        var configurations: [ModelConfiguration] = []
        for kind in ModelKind.allCases {
            for score in [AttentionScore.dot, .scaledDot, .general, .concat] {
                configurations.append(ModelConfiguration(kind: kind, score: score, embeddingSize: 24, hiddenSize: 32,
                                                         sourceVocabularySize: 50, targetVocabularySize: 70))
            }
            configurations.append(ModelConfiguration(kind: kind, embeddingSize: 40, hiddenSize: 36, encoderLayers: 2,
                                                     bidirectional: true, inputFeeding: false,
                                                     sourceVocabularySize: 31, targetVocabularySize: 17))
        }
        for c in configurations {
            var random = RandomGenerator(seed: 1)
            let model = try TranslationModel(configuration: c, random: &random)
            #expect(TrainingMemory.parameterCount(c) == model.parameterCount, "\(c)")
        }
    }

    @Test("a configuration too large for the memory is refused with the sizes and what to lower")
    func hugeConfigurationIsRefused() throws {
        let huge = ModelConfiguration(kind: .luong, embeddingSize: 4096, hiddenSize: 4096,
                                      sourceVocabularySize: 5_000, targetVocabularySize: 5_000)
        let gib = Double(1 << 30)
        #expect {
            try TrainingMemory.check([huge, huge], batchSize: 4096, maxLength: 50, available: 24 * gib)
        } throws: { error in
            let text = "\(error)"
            return text.contains("hidden 4096, embedding 4096, batch 4096, sentences up to 50 tokens")
                && text.contains("more than this machine's 24.0 GiB") && text.contains("lower --hidden")
        }
        // The shipped default (both directions of the corpus) fits comfortably; it measures 437 MiB.
        let standard = ModelConfiguration(kind: .luong, score: .dot, bidirectional: true,
                                          sourceVocabularySize: 4_000, targetVocabularySize: 5_700)
        try TrainingMemory.check([standard, standard], batchSize: 64, maxLength: 50, available: 2 * gib)
        #expect(TrainingMemory.bytes(standard, batchSize: 64, maxLength: 50) > 200 * Double(1 << 20))
    }
}
