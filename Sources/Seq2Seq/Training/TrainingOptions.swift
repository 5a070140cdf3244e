/// Everything `s2s train` can be told, with the defaults chosen by measurement (see README).
public struct TrainingOptions: Sendable {
    public var model: ModelKind = .luong
    public var score: AttentionScore = .dot
    public var embeddingSize = 256
    public var hiddenSize = 256
    public var layers = 1
    public var bidirectional = true
    public var inputFeeding = true
    public var dropout: Float = 0.2
    public var epochs = 6
    public var batchSize = 64
    public var learningRate: Float = 0.003
    public var clip: Float = 1
    public var labelSmoothing: Float = 0.1
    public var minCount = 2
    public var maxVocabulary = 0
    public var maxPairs = 0
    public var maxLength = 50
    public var validationFraction = 0.05
    public var directions: [TranslationDirection] = []
    public var seed: UInt64 = 1
    public var threads = 2
    public var outputPath = "checkpoints/luong.safetensors"
    public var keepCase = false
    public var strict = false
    /// Validation sentences translated for BLEU after each epoch (per direction).
    public var validationBLEUSentences = 500

    public init() {}

    /// The model shape for vocabularies of these sizes.
    public func configuration(sourceVocabularySize: Int, targetVocabularySize: Int) -> ModelConfiguration {
        ModelConfiguration(kind: model, score: score, embeddingSize: embeddingSize, hiddenSize: hiddenSize,
                           encoderLayers: layers, bidirectional: bidirectional, inputFeeding: inputFeeding,
                           dropout: dropout, sourceVocabularySize: sourceVocabularySize,
                           targetVocabularySize: targetVocabularySize)
    }
}
