/// The decoder architecture of a model.
public enum ModelKind: String, CaseIterable, Sendable, Codable {
    /// Sutskever et al. 2014 / Cho et al. 2014: no attention; the decoder starts from the
    /// encoder's final state and everything about the source must pass through it.
    case lstm
    /// Bahdanau et al. 2014: additive attention on the previous decoder state; the context
    /// feeds the decoder LSTM and the output layer.
    case bahdanau
    /// Luong et al. 2015: global attention on the current decoder state, attentional state
    /// `tanh(W_c [c ; h])`, optional input feeding.
    case luong
}

/// Everything needed to rebuild a model's shape (not its weights).
public struct ModelConfiguration: Codable, Equatable, Sendable {
    public var kind: ModelKind
    /// The attention score (ignored by `lstm`; `bahdanau` always uses the additive score).
    public var score: AttentionScore
    public var embeddingSize: Int
    /// Decoder hidden size, and the size of an encoder annotation.
    public var hiddenSize: Int
    /// Stacked encoder layers.
    public var encoderLayers: Int
    /// A bidirectional encoder: each direction has `hiddenSize / 2` units and the annotation is
    /// their concatenation (as in OpenNMT's `brnn`), so annotations stay `hiddenSize` wide.
    public var bidirectional: Bool
    /// Luong input feeding: the previous attentional state is concatenated to the next input.
    public var inputFeeding: Bool
    public var dropout: Float
    public var sourceVocabularySize: Int
    public var targetVocabularySize: Int

    public init(kind: ModelKind, score: AttentionScore = .general, embeddingSize: Int = 256, hiddenSize: Int = 256,
                encoderLayers: Int = 1, bidirectional: Bool = false, inputFeeding: Bool = true, dropout: Float = 0.2,
                sourceVocabularySize: Int, targetVocabularySize: Int) {
        self.kind = kind
        self.score = kind == .bahdanau ? .concat : score
        self.embeddingSize = embeddingSize
        self.hiddenSize = hiddenSize
        self.encoderLayers = encoderLayers
        self.bidirectional = bidirectional
        self.inputFeeding = inputFeeding
        self.dropout = dropout
        self.sourceVocabularySize = sourceVocabularySize
        self.targetVocabularySize = targetVocabularySize
    }

    /// Hidden units per encoder direction.
    public var encoderDirectionSize: Int { bidirectional ? hiddenSize / 2 : hiddenSize }

    /// Checks the combination is buildable, with a message a user can act on.
    public func validate() throws {
        if bidirectional && hiddenSize % 2 != 0 {
            throw ModelError("a bidirectional encoder needs an even --hidden (each direction gets half)")
        }
        if embeddingSize < 1 || hiddenSize < 1 || encoderLayers < 1 { throw ModelError("sizes must be positive") }
        if !(0..<1).contains(dropout) { throw ModelError("dropout must be in [0, 1)") }
    }

    /// A short description, e.g. `luong (general, input feeding), E=256 H=256, 1 layer`.
    public var summary: String {
        var parts: [String] = []
        switch kind {
        case .lstm: parts.append("lstm (no attention)")
        case .bahdanau: parts.append("bahdanau (additive)")
        case .luong: parts.append("luong (\(score.rawValue)\(inputFeeding ? ", input feeding" : ""))")
        }
        parts.append("E=\(embeddingSize) H=\(hiddenSize)")
        parts.append("\(encoderLayers) encoder layer\(encoderLayers == 1 ? "" : "s")\(bidirectional ? ", bidirectional" : "")")
        return parts.joined(separator: ", ")
    }
}

/// A model that cannot be built as configured.
public struct ModelError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
