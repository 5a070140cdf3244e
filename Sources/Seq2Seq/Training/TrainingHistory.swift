/// What one epoch measured, kept in the checkpoint and shown by `s2s info`.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    public var seconds: Double
    public var learningRate: Float
    public var targetTokensPerSecond: Double
    /// Per direction (`en-fr`): training loss per token (label-smoothed).
    public var trainLoss: [String: Double]
    /// Per direction: validation cross-entropy per token, perplexity and greedy BLEU.
    public var validationLoss: [String: Double]
    public var validationPerplexity: [String: Double]
    public var validationBLEU: [String: Double]

    /// Mean validation BLEU over directions (the model-selection criterion).
    public var meanBLEU: Double { validationBLEU.isEmpty ? 0 : validationBLEU.values.reduce(0, +) / Double(validationBLEU.count) }
    public var meanValidationLoss: Double { validationLoss.isEmpty ? .infinity : validationLoss.values.reduce(0, +) / Double(validationLoss.count) }
}

/// Training state stored with a checkpoint so a run can be inspected and resumed exactly.
///
/// Together with the weights and Adam's moments this is everything a run depends on: the epoch's
/// batch order and every dropout mask are regenerated from `seed`, so a run resumed from an
/// interrupted epoch (`epochInProgress`) takes the same steps as one that was never stopped.
public struct TrainingState: Codable, Sendable, Equatable {
    /// Epochs completed.
    public var epoch: Int = 0
    /// Optimizer updates applied (skipped non-finite steps excluded), over all directions.
    public var step: Int = 0
    /// Per direction (`en-fr`): the updates its own Adam optimizer applied (its bias correction
    /// depends on them).
    public var optimizerSteps: [String: Int] = [:]
    public var seed: UInt64 = 1
    public var learningRate: Float = 0.001
    public var bestEpoch: Int = 0
    public var bestBLEU: Double = -1
    public var corpus: String = ""
    public var history: [EpochRecord] = []
    /// How far epoch `epoch + 1` got before the run stopped; nil between epochs.
    public var epochInProgress: EpochProgress? = nil
    /// Steps skipped so far for a non-finite loss or gradient (training stops at a limit).
    public var skippedSteps: Int = 0
    /// The settings the run trained with, so that `--resume` can continue with the same ones.
    public var recipe: TrainingRecipe? = nil

    public init() {}

    /// Decodes leniently: a key missing (from an older checkpoint, or `{}`) keeps its default.
    public init(from decoder: Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        epoch = try c.decodeIfPresent(Int.self, forKey: .epoch) ?? epoch
        step = try c.decodeIfPresent(Int.self, forKey: .step) ?? step
        optimizerSteps = try c.decodeIfPresent([String: Int].self, forKey: .optimizerSteps) ?? optimizerSteps
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
        learningRate = try c.decodeIfPresent(Float.self, forKey: .learningRate) ?? learningRate
        bestEpoch = try c.decodeIfPresent(Int.self, forKey: .bestEpoch) ?? bestEpoch
        bestBLEU = try c.decodeIfPresent(Double.self, forKey: .bestBLEU) ?? bestBLEU
        corpus = try c.decodeIfPresent(String.self, forKey: .corpus) ?? corpus
        history = try c.decodeIfPresent([EpochRecord].self, forKey: .history) ?? history
        epochInProgress = try c.decodeIfPresent(EpochProgress.self, forKey: .epochInProgress)
        skippedSteps = try c.decodeIfPresent(Int.self, forKey: .skippedSteps) ?? skippedSteps
        recipe = try c.decodeIfPresent(TrainingRecipe.self, forKey: .recipe)
    }
}

/// How far an interrupted epoch got: the position in its batch schedule and the running sums
/// its summary line and history record are computed from.
public struct EpochProgress: Codable, Sendable, Equatable {
    /// Batches of the epoch's schedule already done (trained, or skipped as non-finite).
    public var batchesDone = 0
    /// Per direction (`en-fr`): summed label-smoothed loss and target tokens of the done batches.
    public var lossSums: [String: Double] = [:]
    public var tokenSums: [String: Int] = [:]
    /// Seconds spent on the epoch so far, over all sessions.
    public var seconds = 0.0

    public init() {}
}

/// The training options that shape the batches and updates of a run (the model shape and
/// vocabularies live in the checkpoint itself). A resumed run with the same recipe and seed
/// repeats an uninterrupted one exactly.
public struct TrainingRecipe: Codable, Sendable, Equatable {
    public var epochs: Int
    public var batchSize: Int
    public var clip: Float
    public var labelSmoothing: Float
    public var maxLength: Int
    public var maxPairs: Int
    public var validationFraction: Double
    public var validationBLEUSentences: Int

    /// The recipe of `options`.
    public init(_ options: TrainingOptions) {
        epochs = options.epochs
        batchSize = options.batchSize
        clip = options.clip
        labelSmoothing = options.labelSmoothing
        maxLength = options.maxLength
        maxPairs = options.maxPairs
        validationFraction = options.validationFraction
        validationBLEUSentences = options.validationBLEUSentences
    }

    /// `options` with this recipe's values.
    public func applied(to options: TrainingOptions) -> TrainingOptions {
        var o = options
        o.epochs = epochs
        o.batchSize = batchSize
        o.clip = clip
        o.labelSmoothing = labelSmoothing
        o.maxLength = maxLength
        o.maxPairs = maxPairs
        o.validationFraction = validationFraction
        o.validationBLEUSentences = validationBLEUSentences
        return o
    }
}
