import Foundation

/// The training loop: length-bucketed mini-batches with teacher forcing, Adam with global-norm
/// clipping, validation after each epoch (loss, perplexity, greedy BLEU), learning-rate decay on
/// a validation plateau, and the best checkpoint kept.
///
/// With several directions (`en-fr` and `fr-en`) each has its own model and optimizer; their
/// batches are interleaved in one shuffled epoch.
public final class Trainer {
    public let options: TrainingOptions
    public let data: [DirectionData]
    public let models: [DirectionalModel]
    public private(set) var state: TrainingState
    private let optimizers: [Adam]
    private let reporter: ProgressReporter

    /// Non-finite losses or gradients tolerated (skipped) before training stops.
    public var maxSkippedSteps = 20

    /// Prepares data and models. `resume` continues from a checkpoint's weights, optimizer state
    /// and history (its vocabularies, configuration and letter case win over `options`); with the
    /// same corpus, options and seed the continued run repeats the uninterrupted one exactly.
    ///
    /// - Throws: `TrainingError` when a direction has no training or no validation pairs, or
    ///   the resumed checkpoint holds non-finite optimizer moments.
    public init(corpus: ParallelCorpus, corpusName: String, options: TrainingOptions, reporter: ProgressReporter,
                resume: Checkpoint? = nil) throws {
        var options = options
        if let resume, let first = resume.models.first {
            // Tokenising with another letter case would silently change every id.
            options.keepCase = first.keepCase
        }
        self.options = options
        self.reporter = reporter
        let data: [DirectionData]
        if let resume {
            // Keep the checkpoint's vocabularies so ids keep their meaning.
            data = resume.models.map {
                DirectionData(corpus: corpus, direction: $0.direction, options: options,
                              vocabularies: ($0.sourceVocabulary, $0.targetVocabulary))
            }
        } else {
            data = options.directions.map { DirectionData(corpus: corpus, direction: $0, options: options) }
        }
        for d in data where d.training.isEmpty {
            throw TrainingError("\(corpusName): no training pairs for \(d.direction) after filtering (max length \(options.maxLength))")
        }
        for d in data where d.validation.isEmpty {
            // Without validation pairs there is no loss or BLEU to select and save a model by.
            throw TrainingError("\(corpusName): no validation pairs for \(d.direction) among \(d.training.count) usable pairs; "
                                + "use a larger corpus or --validation-fraction (now \(options.validationFraction))")
        }
        self.data = data
        // Batches are cut from these pairs, so the longest of them bounds every batch's length.
        let longest = data.map { d in
            [d.training, d.validation].joined().reduce(0) { max($0, $1.source.count, $1.target.count) }
        }.max() ?? 0
        if let resume {
            // The options may ask for larger batches than the run being resumed.
            try TrainingMemory.check(resume.models.map(\.model.configuration), batchSize: options.batchSize, maxLength: longest)
            models = resume.models
            state = resume.state
            if let bad = Self.firstNonFinite(models, includingMoments: true) {
                throw TrainingError("cannot resume: \(bad) holds non-finite values")
            }
        } else {
            try TrainingMemory.check(data.map {
                options.configuration(sourceVocabularySize: $0.sourceVocabulary.count, targetVocabularySize: $0.targetVocabulary.count)
            }, batchSize: options.batchSize, maxLength: longest)
            var random = RandomGenerator(seed: options.seed)
            models = try data.map { d in
                let configuration = options.configuration(sourceVocabularySize: d.sourceVocabulary.count,
                                                          targetVocabularySize: d.targetVocabulary.count)
                var modelRandom = random.split()
                return DirectionalModel(direction: d.direction, sourceVocabulary: d.sourceVocabulary, targetVocabulary: d.targetVocabulary,
                                        model: try TranslationModel(configuration: configuration, random: &modelRandom),
                                        keepCase: options.keepCase)
            }
            state = TrainingState()
            state.seed = options.seed
            state.learningRate = options.learningRate
            state.corpus = corpusName
        }
        state.recipe = TrainingRecipe(options)
        if state.optimizerSteps.isEmpty {
            // A fresh run, or a checkpoint from before per-direction counts (an even share is
            // the best estimate then).
            for m in models { state.optimizerSteps[m.direction.description] = state.step / models.count }
        }
        let (rate, steps) = (state.learningRate, state.optimizerSteps)
        optimizers = models.map { Adam(learningRate: rate, step: steps[$0.direction.description] ?? 0) }
    }

    /// Up to eight validation pairs per direction, kept in the checkpoint for `s2s align`.
    public var samples: [SamplePair] {
        data.flatMap { d in d.validation.prefix(8).map { SamplePair(direction: d.direction.description, source: $0.sourceText, target: $0.referenceText) } }
    }

    /// The batches of `epoch` as (direction index, example indices), in training order. They
    /// depend only on the seed, the epoch and the data, so an interrupted epoch can be rebuilt.
    public func batchSchedule(epoch: Int) -> [(direction: Int, examples: [Int])] {
        var random = RandomGenerator(seed: state.seed &+ UInt64(epoch) &* 0x9E37_79B9)
        var schedule: [(direction: Int, examples: [Int])] = []
        for (d, direction) in data.enumerated() {
            let lengths = direction.training.map { ($0.source.count, $0.target.count) }
            schedule += LengthBucketedBatches.make(lengths: lengths, batchSize: options.batchSize, random: &random).map { (d, $0) }
        }
        schedule.shuffle(using: &random)
        return schedule
    }

    /// The generator of one batch's dropout masks. Deriving it from (seed, epoch, batch) instead
    /// of drawing from a running generator means no generator state has to be saved to resume.
    public static func dropoutRandom(seed: UInt64, epoch: Int, batch: Int) -> RandomGenerator {
        var perSeed = RandomGenerator(seed: seed ^ 0xD0_0D_F00D)
        var perEpoch = RandomGenerator(seed: perSeed.next() &+ UInt64(epoch))
        return RandomGenerator(seed: perEpoch.next() &+ UInt64(batch))
    }

    /// Trains until `options.epochs`, calling `save` at the end of an epoch whose validation BLEU
    /// is the best so far, `saveProgress` at the end of every other epoch (so a crash loses at
    /// most one epoch), and `shouldStop` before every step (for Ctrl-C). A state with
    /// `epochInProgress` continues that epoch after the batches it has done. Returns the final
    /// state.
    ///
    /// - Throws: `TrainingInterrupted` when `shouldStop` says so (`state` and `checkpoint` then
    ///   describe the run after the last finished step); `TrainingError` when too many steps had
    ///   a non-finite loss or gradient, or the model diverged (nothing is saved then).
    @discardableResult
    public func run(save: (Checkpoint) throws -> Void, saveProgress: (Checkpoint) throws -> Void = { _ in },
                    shouldStop: () -> Bool = { false }) throws -> TrainingState {
        let firstEpoch = state.epoch + 1
        guard firstEpoch <= options.epochs else { return state }
        let names = data.map(\.direction.description)
        for epoch in firstEpoch...options.epochs {
            let schedule = batchSchedule(epoch: epoch)
            var progress = state.epochInProgress ?? EpochProgress()
            guard progress.batchesDone <= schedule.count else {
                throw TrainingError("cannot resume: the checkpoint stopped after batch \(progress.batchesDone) of epoch \(epoch), "
                                    + "but this corpus and --batch give \(schedule.count) batches; resume with the same corpus and options")
            }
            let started = ContinuousClock.now
            let earlierSeconds = progress.seconds
            var lossSums = names.map { progress.lossSums[$0] ?? 0 }
            var tokenSums = names.map { progress.tokenSums[$0] ?? 0 }
            var epochTokens = tokenSums.reduce(0, +)
            func recordProgress(batchesDone: Int) {
                progress.batchesDone = batchesDone
                progress.seconds = earlierSeconds + (ContinuousClock.now - started).seconds
                for (d, name) in names.enumerated() {
                    progress.lossSums[name] = lossSums[d]
                    progress.tokenSums[name] = tokenSums[d]
                }
                state.epochInProgress = progress
            }
            for n in progress.batchesDone..<schedule.count {
                if shouldStop() {
                    recordProgress(batchesDone: n)
                    throw TrainingInterrupted(state: state)
                }
                let (d, indices) = schedule[n]
                let examples = indices.map { data[d].training[$0] }
                let batch = Batch(sources: examples.map(\.source), targets: examples.map(\.target))
                let model = models[d].model
                var dropoutRandom = Self.dropoutRandom(seed: state.seed, epoch: epoch, batch: n)
                let result = model.trainStep(batch: batch, labelSmoothing: options.labelSmoothing, random: &dropoutRandom)
                let norm = GradientNorm(model.parameters)
                if !norm.isFinite || !result.smoothedLoss.isFinite {
                    state.skippedSteps += 1
                    model.zeroGradients()
                    reporter.line("warning: skipped step \(state.step + 1) (\(models[d].direction)): non-finite loss or gradient")
                    recordProgress(batchesDone: n + 1)
                    if state.skippedSteps >= maxSkippedSteps {
                        throw TrainingError("stopped: \(state.skippedSteps) steps had a non-finite loss or gradient; lower --lr or --clip (no checkpoint written for this epoch)")
                    }
                    continue
                }
                optimizers[d].learningRate = state.learningRate
                optimizers[d].update(model.parameters, gradientScale: norm.clippingScale(maxNorm: Double(options.clip)))
                state.step += 1
                state.optimizerSteps[names[d]] = optimizers[d].step
                lossSums[d] += result.smoothedLoss
                tokenSums[d] += result.tokens
                epochTokens += result.tokens
                recordProgress(batchesDone: n + 1)
                reporter.step(epoch: epoch, epochs: options.epochs, step: n + 1, steps: schedule.count,
                              loss: lossSums.reduce(0, +) / Double(max(tokenSums.reduce(0, +), 1)),
                              tokensPerSecond: Double(epochTokens) / max(progress.seconds, 1e-9), elapsed: progress.seconds)
            }
            recordProgress(batchesDone: schedule.count)
            let seconds = progress.seconds
            var record = EpochRecord(epoch: epoch, seconds: seconds, learningRate: state.learningRate,
                                     targetTokensPerSecond: Double(epochTokens) / max(seconds, 1e-9),
                                     trainLoss: [:], validationLoss: [:], validationPerplexity: [:], validationBLEU: [:])
            for (d, name) in names.enumerated() {
                record.trainLoss[name] = lossSums[d] / Double(max(tokenSums[d], 1))
                let loss = validationLoss(d)
                guard loss.isFinite else {
                    throw TrainingError("stopped after epoch \(epoch): the \(name) validation loss is not finite (the model diverged); "
                                        + "lower --lr or --clip (no checkpoint written for this epoch)")
                }
                record.validationLoss[name] = loss
                record.validationPerplexity[name] = Foundation.exp(loss)
                record.validationBLEU[name] = validationBLEU(d)
            }
            let previousBestLoss = state.history.map(\.meanValidationLoss).min() ?? .infinity
            state.history.append(record)
            state.epoch = epoch
            state.epochInProgress = nil
            let improved = record.meanBLEU > state.bestBLEU
            reporter.line(epochSummary(record, improved: improved))
            if record.meanValidationLoss >= previousBestLoss {
                state.learningRate *= 0.5
                reporter.line("  validation loss did not improve: learning rate → \(state.learningRate)")
            }
            if improved {
                state.bestBLEU = record.meanBLEU
                state.bestEpoch = epoch
                try save(try verifiedCheckpoint())
            } else {
                try saveProgress(try verifiedCheckpoint())
            }
        }
        return state
    }

    /// The current models and state as a checkpoint, after checking that every weight and
    /// optimizer moment is finite, so a diverged model is never written.
    public func verifiedCheckpoint() throws -> Checkpoint {
        if let bad = Self.firstNonFinite(models, includingMoments: true) {
            throw TrainingError("stopped: \(bad) holds non-finite values (the model diverged); lower --lr or --clip (no checkpoint written)")
        }
        return checkpoint
    }

    /// The first parameter (`en-fr.decoder.output.weight`, or its `adam_m`/`adam_v`) holding a
    /// NaN or infinity.
    static func firstNonFinite(_ models: [DirectionalModel], includingMoments: Bool) -> String? {
        for m in models {
            for p in m.model.parameters {
                var buffers = [("", p.value)]
                if includingMoments { buffers += [(".adam_m", p.firstMoment), (".adam_v", p.secondMoment)] }
                for (suffix, buffer) in buffers {
                    let values = UnsafeBufferPointer(start: buffer.pointer, count: p.count)
                    // v * 0 is NaN exactly for a NaN or an infinity: one branch-free pass.
                    var sum: Float = 0
                    for v in values { sum += v * 0 }
                    if !sum.isFinite { return "\(m.direction).\(p.name)\(suffix)" }
                }
            }
        }
        return nil
    }

    /// The current models and state as a checkpoint.
    public var checkpoint: Checkpoint {
        Checkpoint(models: models, state: state, samples: samples)
    }

    /// Mean cross-entropy per token on the validation split.
    func validationLoss(_ d: Int) -> Double {
        let examples = data[d].validation
        guard !examples.isEmpty else { return .nan }
        var random = RandomGenerator(seed: 0)
        var nll = 0.0, tokens = 0
        for start in stride(from: 0, to: examples.count, by: options.batchSize) {
            let chunk = examples[start..<min(start + options.batchSize, examples.count)]
            let batch = Batch(sources: chunk.map(\.source), targets: chunk.map(\.target))
            let r = models[d].model.evaluate(batch: batch, random: &random)
            nll += r.negativeLogLikelihood; tokens += r.tokens
        }
        return nll / Double(max(tokens, 1))
    }

    /// Greedy-decoding BLEU (sacreBLEU 13a, lowercased) on the first validation pairs.
    func validationBLEU(_ d: Int) -> Double {
        let examples = Array(data[d].validation.prefix(options.validationBLEUSentences))
        guard !examples.isEmpty else { return 0 }
        let m = models[d]
        let detokenizer = Detokenizer(language: m.direction.target)
        var hypotheses: [String] = []
        for start in stride(from: 0, to: examples.count, by: 64) {
            let chunk = examples[start..<min(start + 64, examples.count)]
            let outputs = GreedyDecoding.decode(model: m.model, sources: chunk.map(\.source), maxLength: { 2 * $0 + 10 })
            hypotheses += outputs.map { detokenizer.detokenize(m.targetVocabulary.decode($0.tokens)) }
        }
        return BLEU.corpusScore(hypotheses: hypotheses, references: examples.map(\.referenceText), lowercase: !options.keepCase).score
    }

    private func epochSummary(_ r: EpochRecord, improved: Bool) -> String {
        var parts = ["epoch \(r.epoch)/\(options.epochs) \(duration(r.seconds))  \(Int(r.targetTokensPerSecond)) tok/s"]
        for d in data.map(\.direction.description) {
            parts.append(String(format: "%@ train %.3f valid %.3f ppl %.2f BLEU %.2f", d, r.trainLoss[d] ?? 0,
                                r.validationLoss[d] ?? 0, r.validationPerplexity[d] ?? 0, r.validationBLEU[d] ?? 0))
        }
        return parts.joined(separator: "  |  ") + (improved ? "  (best, saved)" : "")
    }
}

/// A training failure with a message for the user.
public struct TrainingError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Thrown when training was asked to stop between steps; carries the state reached.
public struct TrainingInterrupted: Error {
    public let state: TrainingState
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
