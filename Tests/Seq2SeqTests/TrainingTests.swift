import Foundation
import Testing
import Seq2Seq

/// The training loop on a tiny synthetic corpus: it learns, it is deterministic, and its
/// checkpoints round-trip.
struct TrainingTests {
    /// Sentences whose French "translation" is a fixed word mapping, so a small model can learn it.
    static let corpus: ParallelCorpus = {
        let en = ["cat", "dog", "bird", "fish", "red", "blue", "big", "small"]
        let fr = ["chat", "chien", "oiseau", "poisson", "rouge", "bleu", "grand", "petit"]
        var random = RandomGenerator(seed: 42)
        var pairs: [SentencePair] = []
        for line in 0..<400 {
            let n = 1 + Int(random.next() % 4)
            let words = (0..<n).map { _ in Int(random.next() % UInt64(en.count)) }
            pairs.append(SentencePair(source: words.map { en[$0] }.joined(separator: " ") + " .",
                                      target: words.map { fr[$0] }.joined(separator: " ") + " .", line: line + 1))
        }
        return ParallelCorpus(path: "toy.en-fr.tsv", sourceLanguage: .en, targetLanguage: .fr, pairs: pairs)
    }()

    static func options(epochs: Int = 6, kind: ModelKind = .luong) -> TrainingOptions {
        var o = TrainingOptions()
        o.model = kind
        o.embeddingSize = 32; o.hiddenSize = 32; o.dropout = 0; o.epochs = epochs; o.batchSize = 16
        o.learningRate = 0.01; o.minCount = 1; o.validationFraction = 0.1; o.labelSmoothing = 0
        o.directions = [TranslationDirection(source: .en, target: .fr)]
        o.validationBLEUSentences = 40
        return o
    }

    static func silent() -> ProgressReporter { ProgressReporter(isTerminal: false, write: { _ in }) }

    /// Luong with the `general` score, whose learned W_a maps decoder states onto annotations
    /// directly; `dot` has to make the two spaces agree first, and is checked separately.
    @Test("each model learns a word-for-word toy language", arguments: ModelKind.allCases)
    func learnsToyLanguage(kind: ModelKind) throws {
        var options = Self.options(epochs: 8, kind: kind)
        options.score = .general
        let trainer = try Trainer(corpus: Self.corpus, corpusName: "toy", options: options, reporter: Self.silent())
        let state = try trainer.run(save: { _ in })
        let first = state.history.first!.validationLoss["en-fr"]!, last = state.history.last!.validationLoss["en-fr"]!
        #expect(last < first * 0.5, "validation loss \(first) → \(last)")
        if kind != .lstm { #expect(state.bestBLEU > 50, "best BLEU \(state.bestBLEU)") }
    }

    @Test("Luong with the default dot score learns the toy language too, given more epochs")
    func dotScoreLearnsToyLanguage() throws {
        let options = Self.options(epochs: 20, kind: .luong)
        #expect(options.score == .dot)
        let trainer = try Trainer(corpus: Self.corpus, corpusName: "toy", options: options, reporter: Self.silent())
        let state = try trainer.run(save: { _ in })
        #expect(state.bestBLEU > 50, "best BLEU \(state.bestBLEU)")
    }

    @Test("the same seed gives the same model; another seed does not")
    func deterministic() throws {
        func train(seed: UInt64) throws -> [Float] {
            var o = Self.options(epochs: 2)
            o.seed = seed
            o.dropout = 0.1
            let trainer = try Trainer(corpus: Self.corpus, corpusName: "toy", options: o, reporter: Self.silent())
            try trainer.run(save: { _ in })
            return trainer.models[0].model.parameters.flatMap { $0.value.array }
        }
        let a = try train(seed: 7), b = try train(seed: 7), c = try train(seed: 8)
        #expect(a == b)
        #expect(a != c)
    }

    /// A model trained for one epoch on the toy corpus, and its checkpoint (with moments) in a
    /// temporary file the caller removes.
    static func trainedCheckpoint(named name: String) throws -> (Trainer, String) {
        let trainer = try Trainer(corpus: corpus, corpusName: "toy", options: options(epochs: 1), reporter: silent())
        try trainer.run(save: { _ in })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("s2s-\(name)-\(getpid()).safetensors").path
        try trainer.checkpoint.write(to: path)
        return (trainer, path)
    }

    @Test("a checkpoint round-trips weights, vocabularies, moments and history")
    func checkpointRoundTrip() throws {
        let (trainer, path) = try Self.trainedCheckpoint(named: "roundtrip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try Checkpoint.load(path: path)
        let a = trainer.models[0], b = loaded.models[0]
        #expect(b.direction == a.direction)
        #expect(b.sourceVocabulary.tokens == a.sourceVocabulary.tokens)
        #expect(b.model.configuration == a.model.configuration)
        for (p, q) in zip(a.model.parameters, b.model.parameters) {
            #expect(p.value.array == q.value.array)
            #expect(p.secondMoment.array == q.secondMoment.array)
        }
        #expect(loaded.state == trainer.state)
        let sentence = ["red cat ."]
        var options = TranslationOptions()
        options.beamSize = 3
        #expect(Translator(model: a, options: options).translate(sentence)[0][0].text
                == Translator(model: b, options: options).translate(sentence)[0][0].text)
    }

    @Test("a model built for a checkpoint load skips the random initialisation the load overwrites")
    func modelForLoadingDrawsNothing() throws {
        let configuration = ModelConfiguration(kind: .bahdanau, embeddingSize: 8, hiddenSize: 8,
                                               sourceVocabularySize: 10, targetVocabularySize: 12)
        var skipping = RandomGenerator.forOverwrittenWeights
        let empty = try TranslationModel(configuration: configuration, random: &skipping)
        #expect(empty.parameters.allSatisfy { p in p.name.hasSuffix(".bias") || p.value.array.allSatisfy { $0 == 0 } })
        var seeded = RandomGenerator(seed: 0)
        let drawn = try TranslationModel(configuration: configuration, random: &seeded)
        #expect(drawn.parameters.filter { !$0.name.hasSuffix(".bias") }.allSatisfy { p in p.value.array.contains { $0 != 0 } })
    }

    @Test("loading for inference leaves out the moments but still checks the whole file")
    func checkpointInferenceLoad() throws {
        let (trainer, path) = try Self.trainedCheckpoint(named: "inference")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try Checkpoint.load(path: path, optimizerState: false)
        let a = trainer.models[0], b = loaded.models[0]
        for (p, q) in zip(a.model.parameters, b.model.parameters) {
            #expect(p.value.array == q.value.array)
            #expect(p.secondMoment.array.contains { $0 != 0 })
            #expect(q.firstMoment.array.allSatisfy { $0 == 0 } && q.secondMoment.array.allSatisfy { $0 == 0 })
        }
        let sentence = ["red cat ."]
        #expect(Translator(model: a, options: TranslationOptions()).translate(sentence)[0][0].text
                == Translator(model: b, options: TranslationOptions()).translate(sentence)[0][0].text)

        // The skipped moments still count towards the checksum: flip a bit of the last one.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let (_, skipped) = try SafeTensorsFile.read(path: path, keeping: { !$0.hasSuffix(".adam_v") })
        #expect(skipped.count == a.model.parameters.count)
        bytes[bytes.count - 1] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect { try Checkpoint.load(path: path, optimizerState: false) } throws: {
            "\($0)".contains(path) && "\($0)".contains("checksum mismatch")
        }
    }

    @Test("a checkpoint missing a tensor or with a wrong shape is rejected with the file named")
    func checkpointValidation() throws {
        let trainer = try Trainer(corpus: Self.corpus, corpusName: "toy", options: Self.options(epochs: 1), reporter: Self.silent())
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("s2s-bad-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try trainer.checkpoint.write(to: path, includeOptimizerState: false)
        var file = try SafeTensorsFile.read(path: path)
        file.tensors.removeAll { $0.name == "en-fr.decoder.output.bias" }
        try file.write(to: path)
        #expect { try Checkpoint.load(path: path) } throws: { "\($0)".contains(path) && "\($0)".contains("missing tensor en-fr.decoder.output.bias") }
        file = try SafeTensorsFile.read(path: path)
        file.metadata["format_version"] = "99"
        try file.write(to: path)
        #expect { try Checkpoint.load(path: path) } throws: { "\($0)".contains("format version 99 is not supported") }
    }
}
