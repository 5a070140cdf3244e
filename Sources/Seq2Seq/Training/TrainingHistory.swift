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

/// Training state stored with a checkpoint so a run can be inspected and resumed.
public struct TrainingState: Codable, Sendable, Equatable {
    public var epoch: Int = 0
    public var step: Int = 0
    public var seed: UInt64 = 1
    public var learningRate: Float = 0.001
    public var bestEpoch: Int = 0
    public var bestBLEU: Double = -1
    public var corpus: String = ""
    public var history: [EpochRecord] = []
    public init() {}
}
