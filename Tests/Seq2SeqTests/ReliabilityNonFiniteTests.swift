import Foundation
import Seq2Seq
import Testing

/// A model whose loss or weights become NaN stops training with a clear message, and nothing
/// poisoned is ever handed to `save` or written.
@Suite struct ReliabilityNonFiniteTests {
    static func trainer(maxSkippedSteps: Int) throws -> Trainer {
        var options = ReliabilityResumeTests.options(epochs: 2)
        options.directions = [TranslationDirection(source: .en, target: .fr)]
        let trainer = try Trainer(corpus: ReliabilityResumeTests.corpus, corpusName: "toy", options: options,
                                  reporter: ReliabilityResumeTests.silent())
        trainer.maxSkippedSteps = maxSkippedSteps
        return trainer
    }

    static func poison(_ trainer: Trainer, parameter name: String, moment: Bool = false) throws {
        let p = try #require(trainer.models[0].model.parameters.first { $0.name == name })
        (moment ? p.firstMoment : p.value).pointer[0] = .nan
    }

    @Test("a NaN weight makes every step non-finite: training stops after the limit and saves nothing")
    func nanWeightStopsTraining() throws {
        let trainer = try Self.trainer(maxSkippedSteps: 3)
        try Self.poison(trainer, parameter: "decoder.output.weight")
        var saved = 0
        #expect {
            try trainer.run(save: { _ in saved += 1 }, saveProgress: { _ in saved += 1 })
        } throws: { error in
            let message = "\(error)"
            return error is TrainingError && !message.contains("\n")
                && message.contains("stopped: 3 steps had a non-finite loss or gradient; lower --lr or --clip")
        }
        #expect(saved == 0)
        #expect(trainer.state.step == 0)
        #expect(trainer.state.skippedSteps == 3)
        #expect(trainer.state.epochInProgress?.batchesDone == 3)
        #expect { try trainer.verifiedCheckpoint() } throws: { "\($0)".contains("en-fr.decoder.output.weight holds non-finite values") }
    }

    @Test("weights poisoned by the optimizer are caught before any checkpoint, even below the skip limit")
    func poisonedMomentNeverSaved() throws {
        // A NaN moment passes the gradient check, so the first update writes NaN into a weight;
        // whether or not later losses turn NaN too, the skip limit is never reached.
        let trainer = try Self.trainer(maxSkippedSteps: 1_000)
        try Self.poison(trainer, parameter: "encoder.embedding", moment: true)
        var saved = 0
        #expect {
            try trainer.run(save: { _ in saved += 1 }, saveProgress: { _ in saved += 1 })
        } throws: { error in
            error is TrainingError && ("\(error)".contains("is not finite") || "\(error)".contains("holds non-finite values"))
        }
        #expect(saved == 0)
    }

    @Test("a checkpoint with non-finite optimizer moments is not resumed from")
    func poisonedResumeRefused() throws {
        let trainer = try Self.trainer(maxSkippedSteps: 20)
        try Self.poison(trainer, parameter: "decoder.output.bias", moment: true)
        #expect {
            try Trainer(corpus: ReliabilityResumeTests.corpus, corpusName: "toy", options: trainer.options,
                        reporter: ReliabilityResumeTests.silent(), resume: trainer.checkpoint)
        } throws: { "\($0)".contains("cannot resume: en-fr.decoder.output.bias.adam_m holds non-finite values") }
    }

    @Test("loading a checkpoint file with a non-finite optimizer moment fails, naming the file and tensor")
    func poisonedMomentFileRefused() throws {
        let trainer = try Self.trainer(maxSkippedSteps: 20)
        try Self.poison(trainer, parameter: "decoder.output.bias", moment: true)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("s2s-moment-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("poisoned.safetensors").path
        try trainer.checkpoint.write(to: path)
        #expect { try Checkpoint.load(path: path) } throws: { error in
            let message = "\(error)"
            return error is CheckpointError && message.contains(path) && !message.contains("\n")
                && message.contains("tensor en-fr.decoder.output.bias.adam_m holds non-finite values")
        }
        // Translation does not keep the moments, so it is not refused for them.
        _ = try Checkpoint.load(path: path, optimizerState: false)
    }

    @Test("a healthy model passes the same checks")
    func healthyModelIsSaved() throws {
        let trainer = try Self.trainer(maxSkippedSteps: 3)
        var saved: [Int] = []
        try trainer.run(save: { saved.append($0.state.epoch) }, saveProgress: { saved.append(-$0.state.epoch) })
        #expect(saved.count == 2 && saved.first == 1)
        #expect(trainer.state.skippedSteps == 0)
        _ = try trainer.verifiedCheckpoint()
    }
}
