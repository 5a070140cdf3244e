import Foundation
import Seq2Seq
import Testing

/// Stopping a run and resuming it from its checkpoint gives exactly the run that never stopped:
/// the same losses and bit-identical weights, also when stopped in the middle of an epoch.
@Suite struct ReliabilityResumeTests {
    /// Toy sentence pairs (a word-for-word mapping) in both directions, small enough to train
    /// two epochs in well under a second.
    static let corpus: ParallelCorpus = {
        let en = ["cat", "dog", "bird", "fish", "red", "blue", "big", "small"]
        let fr = ["chat", "chien", "oiseau", "poisson", "rouge", "bleu", "grand", "petit"]
        var random = RandomGenerator(seed: 11)
        let pairs = (0..<240).map { line -> SentencePair in
            let words = (0...Int(random.next() % 4)).map { _ in Int(random.next() % UInt64(en.count)) }
            return SentencePair(source: words.map { en[$0] }.joined(separator: " ") + " .",
                                target: words.map { fr[$0] }.joined(separator: " ") + " .", line: line + 1)
        }
        return ParallelCorpus(path: "toy.en-fr.tsv", sourceLanguage: .en, targetLanguage: .fr, pairs: pairs)
    }()

    /// Dropout and label smoothing on, both directions interleaved: every source of randomness
    /// and every running sum that a resume must restore is in play.
    static func options(epochs: Int = 2) -> TrainingOptions {
        var o = TrainingOptions()
        o.embeddingSize = 16; o.hiddenSize = 16; o.dropout = 0.3; o.labelSmoothing = 0.1
        o.epochs = epochs; o.batchSize = 16; o.learningRate = 0.01; o.minCount = 1; o.validationFraction = 0.1
        o.directions = [TranslationDirection(source: .en, target: .fr), TranslationDirection(source: .fr, target: .en)]
        o.validationBLEUSentences = 8
        o.seed = 5
        return o
    }

    static func silent() -> ProgressReporter { ProgressReporter(isTerminal: false, write: { _ in }) }

    static func weights(_ trainer: Trainer) -> [[Float]] {
        trainer.models.flatMap { m in m.model.parameters.flatMap { [$0.value.array, $0.firstMoment.array, $0.secondMoment.array] } }
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("s2s-resume-\(getpid())-\(name).safetensors").path
    }

    /// Trains, stopping after each number of steps in `stops` (counted from the run's start),
    /// writing and reloading the checkpoint each time, and returns the final trainer.
    static func train(stoppingAfter stops: [Int]) throws -> (trainer: Trainer, savedBest: [Int]) {
        var savedBest: [Int] = []
        var trainer = try Trainer(corpus: corpus, corpusName: "toy", options: options(), reporter: silent())
        var stepsTaken = 0
        for stop in stops {
            #expect(throws: TrainingInterrupted.self) {
                try trainer.run(save: { savedBest.append($0.state.epoch) }, shouldStop: {
                    if stepsTaken == stop { return true }
                    stepsTaken += 1
                    return false
                })
            }
            let path = temporaryPath("stop-\(stop)")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try trainer.checkpoint.write(to: path)
            let loaded = try Checkpoint.load(path: path)
            #expect(loaded.state == trainer.state)
            trainer = try Trainer(corpus: corpus, corpusName: "toy", options: options(), reporter: silent(), resume: loaded)
        }
        try trainer.run(save: { savedBest.append($0.state.epoch) })
        return (trainer, savedBest)
    }

    @Test("a run stopped and resumed, mid-epoch or between epochs, ends bit-identical to one never stopped")
    func resumeIsExact() throws {
        let reference = try Self.train(stoppingAfter: [])
        let batchesPerEpoch = reference.trainer.batchSchedule(epoch: 1).count
        #expect(batchesPerEpoch > 10)
        let expected = Self.weights(reference.trainer)
        for stops in [[7], [batchesPerEpoch], [batchesPerEpoch + 3], [2, batchesPerEpoch - 1, batchesPerEpoch + 5]] {
            let resumed = try Self.train(stoppingAfter: stops)
            #expect(Self.weights(resumed.trainer) == expected, "stopped after \(stops) steps")
            let (a, b) = (resumed.trainer.state, reference.trainer.state)
            #expect(a.step == b.step && a.learningRate == b.learningRate && a.bestEpoch == b.bestEpoch)
            #expect(a.optimizerSteps == b.optimizerSteps && a.optimizerSteps.values.reduce(0, +) == a.step)
            #expect(a.history.map(\.trainLoss) == b.history.map(\.trainLoss), "stopped after \(stops) steps")
            #expect(a.history.map(\.validationLoss) == b.history.map(\.validationLoss))
            #expect(a.history.map(\.validationBLEU) == b.history.map(\.validationBLEU))
            #expect(a.epochInProgress == nil)
            #expect(resumed.savedBest == reference.savedBest)
        }
    }

    @Test("a mid-epoch checkpoint records the position and the partial loss sums")
    func interruptedStateRecordsProgress() throws {
        let trainer = try Trainer(corpus: Self.corpus, corpusName: "toy", options: Self.options(), reporter: Self.silent())
        var calls = 0
        #expect(throws: TrainingInterrupted.self) {
            try trainer.run(save: { _ in }, shouldStop: { calls += 1; return calls > 5 })
        }
        let progress = try #require(trainer.state.epochInProgress)
        #expect(progress.batchesDone == 5)
        #expect(trainer.state.step == 5)
        #expect(trainer.state.epoch == 0)
        #expect(progress.tokenSums.values.reduce(0, +) > 0)
        #expect(progress.lossSums.values.allSatisfy { $0.isFinite && $0 >= 0 })
        #expect(Set(progress.lossSums.keys) == ["en-fr", "fr-en"])
        #expect(trainer.state.recipe == TrainingRecipe(Self.options()))
    }

    @Test("the dropout masks of a batch depend on the seed, the epoch and the batch only")
    func dropoutRandomIsStateless() {
        var a = Trainer.dropoutRandom(seed: 1, epoch: 2, batch: 3)
        var b = Trainer.dropoutRandom(seed: 1, epoch: 2, batch: 3)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        for (seed, epoch, batch) in [(UInt64(2), 2, 3), (1, 3, 3), (1, 2, 4), (1, 3, 2)] {
            var other = Trainer.dropoutRandom(seed: seed, epoch: epoch, batch: batch)
            #expect((0..<4).map { _ in other.next() } != first)
        }
    }

    @Test("resuming with options that give fewer batches than the checkpoint has done is refused")
    func mismatchedScheduleIsRefused() throws {
        let trainer = try Trainer(corpus: Self.corpus, corpusName: "toy", options: Self.options(), reporter: Self.silent())
        var calls = 0
        _ = try? trainer.run(save: { _ in }, shouldStop: { calls += 1; return calls > 12 })
        var larger = Self.options()
        larger.batchSize = 128
        let resumed = try Trainer(corpus: Self.corpus, corpusName: "toy", options: larger, reporter: Self.silent(),
                                  resume: trainer.checkpoint)
        #expect { try resumed.run(save: { _ in }) } throws: {
            "\($0)".contains("cannot resume: the checkpoint stopped after batch 12 of epoch 1")
        }
    }

    @Test("training state from an older checkpoint (without the resume fields) still decodes")
    func lenientStateDecoding() throws {
        let old = #"{"bestBLEU":12.5,"bestEpoch":2,"corpus":"c","epoch":3,"history":[],"learningRate":0.0005,"seed":9,"step":120}"#
        let state = try JSONDecoder().decode(TrainingState.self, from: Data(old.utf8))
        #expect(state.epoch == 3 && state.step == 120 && state.seed == 9 && state.learningRate == 0.0005)
        #expect(state.epochInProgress == nil && state.recipe == nil && state.skippedSteps == 0 && state.optimizerSteps.isEmpty)
        #expect(try JSONDecoder().decode(TrainingState.self, from: Data("{}".utf8)) == TrainingState())
        var full = state
        full.epochInProgress = EpochProgress()
        full.epochInProgress?.batchesDone = 4
        full.epochInProgress?.lossSums = ["en-fr": 0.1 + 0.2]
        full.recipe = TrainingRecipe(Self.options())
        let encoded = try JSONEncoder().encode(full)
        #expect(try JSONDecoder().decode(TrainingState.self, from: encoded) == full)
    }
}
