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
    /// and history (its vocabularies and configuration win over `options`).
    public init(corpus: ParallelCorpus, corpusName: String, options: TrainingOptions, reporter: ProgressReporter,
                resume: Checkpoint? = nil) throws {
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
        self.data = data
        if let resume {
            models = resume.models
            state = resume.state
        } else {
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
        let (rate, step) = (state.learningRate, state.step)
        optimizers = models.map { _ in Adam(learningRate: rate, step: step) }
    }

    /// Up to eight validation pairs per direction, kept in the checkpoint for `s2s align`.
    public var samples: [SamplePair] {
        data.flatMap { d in d.validation.prefix(8).map { SamplePair(direction: d.direction.description, source: $0.sourceText, target: $0.referenceText) } }
    }

    /// Trains until `options.epochs`, calling `save` whenever validation BLEU improves and
    /// `shouldStop` between steps (for Ctrl-C). Returns the final state.
    @discardableResult
    public func run(save: (Checkpoint) throws -> Void, shouldStop: () -> Bool = { false }) throws -> TrainingState {
        var skipped = 0
        let firstEpoch = state.epoch + 1
        guard firstEpoch <= options.epochs else { return state }
        for epoch in firstEpoch...options.epochs {
            let started = ContinuousClock.now
            var random = RandomGenerator(seed: state.seed &+ UInt64(epoch) &* 0x9E37_79B9)
            var dropoutRandom = random.split()
            var schedule: [(Int, [Int])] = []
            for (d, direction) in data.enumerated() {
                let lengths = direction.training.map { ($0.source.count, $0.target.count) }
                schedule += LengthBucketedBatches.make(lengths: lengths, batchSize: options.batchSize, random: &random).map { (d, $0) }
            }
            schedule.shuffle(using: &random)
            var lossSums = [Double](repeating: 0, count: data.count), tokenSums = [Int](repeating: 0, count: data.count)
            var epochTokens = 0
            for (n, (d, indices)) in schedule.enumerated() {
                if shouldStop() { throw TrainingInterrupted(state: state) }
                let examples = indices.map { data[d].training[$0] }
                let batch = Batch(sources: examples.map(\.source), targets: examples.map(\.target))
                let model = models[d].model
                let result = model.trainStep(batch: batch, labelSmoothing: options.labelSmoothing, random: &dropoutRandom)
                let norm = GradientNorm(model.parameters)
                if !norm.isFinite || !result.smoothedLoss.isFinite {
                    skipped += 1
                    model.zeroGradients()
                    reporter.line("warning: skipped step \(state.step + 1) (\(models[d].direction)): non-finite loss or gradient")
                    if skipped >= maxSkippedSteps {
                        throw TrainingError("stopped: \(skipped) steps had a non-finite loss or gradient; lower --lr or --clip (no checkpoint written for this epoch)")
                    }
                    continue
                }
                optimizers[d].learningRate = state.learningRate
                optimizers[d].update(model.parameters, gradientScale: norm.clippingScale(maxNorm: Double(options.clip)))
                state.step += 1
                lossSums[d] += result.smoothedLoss
                tokenSums[d] += result.tokens
                epochTokens += result.tokens
                let elapsed = (ContinuousClock.now - started).seconds
                reporter.step(epoch: epoch, epochs: options.epochs, step: n + 1, steps: schedule.count,
                              loss: lossSums.reduce(0, +) / Double(max(tokenSums.reduce(0, +), 1)),
                              tokensPerSecond: Double(epochTokens) / max(elapsed, 1e-9), elapsed: elapsed)
            }
            let seconds = (ContinuousClock.now - started).seconds
            var record = EpochRecord(epoch: epoch, seconds: seconds, learningRate: state.learningRate,
                                     targetTokensPerSecond: Double(epochTokens) / max(seconds, 1e-9),
                                     trainLoss: [:], validationLoss: [:], validationPerplexity: [:], validationBLEU: [:])
            for (d, direction) in data.enumerated() {
                let name = direction.direction.description
                record.trainLoss[name] = lossSums[d] / Double(max(tokenSums[d], 1))
                let loss = validationLoss(d)
                record.validationLoss[name] = loss
                record.validationPerplexity[name] = Foundation.exp(loss)
                record.validationBLEU[name] = validationBLEU(d)
            }
            let previousBestLoss = state.history.map(\.meanValidationLoss).min() ?? .infinity
            state.history.append(record)
            state.epoch = epoch
            let improved = record.meanBLEU > state.bestBLEU
            reporter.line(epochSummary(record, improved: improved))
            if record.meanValidationLoss >= previousBestLoss {
                state.learningRate *= 0.5
                reporter.line("  validation loss did not improve: learning rate → \(state.learningRate)")
            }
            if improved {
                state.bestBLEU = record.meanBLEU
                state.bestEpoch = epoch
                try save(checkpoint)
            }
        }
        return state
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
