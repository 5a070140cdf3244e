import Dispatch

/// Measures training throughput the way `s2s train` trains: length-bucketed batches of the
/// shipped corpus, `TranslationModel.trainStep`, global-norm clipping and an `Adam` update per
/// step; data preparation, warm-up and validation are not timed. The model is the PyTorch
/// reference's (unidirectional encoder, `general` score, clipping at 5, no dropout, no label
/// smoothing), whatever the defaults of `s2s train` are.
public enum TrainingBenchmark {
    /// What to train and for how long.
    public struct Setup: Sendable {
        public var model: ModelKind
        public var score: AttentionScore = .general
        public var embeddingSize = 256
        public var hiddenSize = 256
        public var batchSize = 64
        /// Corpus pairs used (as `s2s train --max-pairs`; 0 = all).
        public var maxPairs = 6000
        public var direction = TranslationDirection(source: .en, target: .fr)
        /// Timed steps, after `warmupSteps` untimed ones (90 steps are one epoch of the
        /// 6,000-pair set at batch 64, what the PyTorch reference times).
        public var steps = 90
        public var warmupSteps = 3
        /// Runs of each timed batch; with more than one, a batch's time is its fastest run,
        /// which filters out interruptions by other processes on a shared machine.
        public var repeats = 1
        public var seed: UInt64 = 1

        public init(model: ModelKind) { self.model = model }
    }

    /// The throughput of one model.
    public struct Result: Sendable, Codable {
        public let model: String
        public let threads: Int
        public let steps: Int
        public let seconds: Double
        /// Processor time of the whole process over the timed steps (all threads); on a busy
        /// machine a one-thread run's `cpuSeconds` is closer to its unloaded time than `seconds`.
        public let cpuSeconds: Double
        /// Real target tokens (with `</s>`) and sentence pairs in the timed steps.
        public let targetTokens: Int
        public let pairs: Int
        public let parameters: Int
        /// Sentence pairs the batches were cut from (the training part of `maxPairs`).
        public let corpusPairs: Int
        /// Wall-clock seconds spent in the gradient norm and in the optimizer update (the
        /// rest of `seconds` is forward and backward).
        public let normSeconds: Double
        public let optimizerSeconds: Double

        public let targetTokensPerSecond: Double
        public let pairsPerSecond: Double
        public let millisecondsPerStep: Double

        public init(model: String, threads: Int, steps: Int, seconds: Double, cpuSeconds: Double, targetTokens: Int,
                    pairs: Int, parameters: Int, corpusPairs: Int, normSeconds: Double, optimizerSeconds: Double) {
            self.model = model
            self.threads = threads
            self.steps = steps
            self.seconds = seconds
            self.cpuSeconds = cpuSeconds
            self.targetTokens = targetTokens
            self.pairs = pairs
            self.parameters = parameters
            self.corpusPairs = corpusPairs
            self.normSeconds = normSeconds
            self.optimizerSeconds = optimizerSeconds
            targetTokensPerSecond = Double(targetTokens) / max(seconds, 1e-12)
            pairsPerSecond = Double(pairs) / max(seconds, 1e-12)
            millisecondsPerStep = seconds * 1000 / Double(max(steps, 1))
        }
    }

    /// Prepares the data and a fresh model for `setup`, then times `setup.steps` training steps
    /// on `WorkerPool.shared` (whose thread count the caller sets).
    public static func run(_ setup: Setup, corpus: ParallelCorpus) throws -> Result {
        var options = TrainingOptions()
        options.model = setup.model
        options.score = setup.score
        options.clip = 5  // the reference's setting (the cost does not depend on it)
        options.bidirectional = false  // the reference's encoder
        // The reference trains without dropout or label smoothing; the same work is timed here.
        options.dropout = 0
        options.labelSmoothing = 0
        options.embeddingSize = setup.embeddingSize
        options.hiddenSize = setup.hiddenSize
        options.batchSize = setup.batchSize
        options.maxPairs = setup.maxPairs
        options.directions = [setup.direction]
        options.seed = setup.seed
        let data = DirectionData(corpus: corpus, direction: setup.direction, options: options)
        guard !data.training.isEmpty else { throw TrainingError("\(corpus.path): no training pairs for \(setup.direction)") }
        var random = RandomGenerator(seed: setup.seed)
        let configuration = options.configuration(sourceVocabularySize: data.sourceVocabulary.count,
                                                  targetVocabularySize: data.targetVocabulary.count)
        let model = try TranslationModel(configuration: configuration, random: &random)
        let optimizer = Adam(learningRate: options.learningRate)
        let schedule = LengthBucketedBatches.make(lengths: data.training.map { ($0.source.count, $0.target.count) },
                                                  batchSize: setup.batchSize, random: &random)
        let batches = schedule.map { indices in
            Batch(sources: indices.map { data.training[$0].source }, targets: indices.map { data.training[$0].target })
        }
        var dropoutRandom = random.split()
        var normSeconds = 0.0, optimizerSeconds = 0.0
        let parameters = model.parameters
        func step(_ batch: Batch) -> Int {
            let result = model.trainStep(batch: batch, labelSmoothing: options.labelSmoothing, random: &dropoutRandom)
            let t0 = DispatchTime.now().uptimeNanoseconds
            let norm = GradientNorm(parameters)
            let t1 = DispatchTime.now().uptimeNanoseconds
            optimizer.update(parameters, gradientScale: norm.clippingScale(maxNorm: Double(options.clip)))
            let t2 = DispatchTime.now().uptimeNanoseconds
            normSeconds += Double(t1 - t0) / 1e9
            optimizerSeconds += Double(t2 - t1) / 1e9
            return result.tokens
        }
        for n in 0..<setup.warmupSteps { _ = step(batches[(batches.count - 1 - n % batches.count)]) }
        var tokens = 0, pairs = 0, seconds = 0.0
        normSeconds = 0; optimizerSeconds = 0
        let cpuStart = ProcessorTime.now()
        for n in 0..<setup.steps {
            let batch = batches[n % batches.count]
            var fastest = Double.infinity
            for _ in 0..<max(1, setup.repeats) {
                let start = DispatchTime.now().uptimeNanoseconds
                let stepTokens = step(batch)
                fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                tokens += stepTokens
                pairs += batch.size
            }
            seconds += fastest * Double(max(1, setup.repeats))
        }
        let cpuSeconds = ProcessorTime.now() - cpuStart
        return Result(model: setup.model.rawValue, threads: WorkerPool.shared.threadCount, steps: setup.steps * max(1, setup.repeats),
                      seconds: seconds, cpuSeconds: cpuSeconds, targetTokens: tokens, pairs: pairs, parameters: model.parameterCount,
                      corpusPairs: data.training.count,
                      normSeconds: normSeconds, optimizerSeconds: optimizerSeconds)
    }
}
