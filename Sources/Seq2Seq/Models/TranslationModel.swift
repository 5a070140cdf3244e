/// An encoder-decoder for one translation direction.
public final class TranslationModel {
    public let configuration: ModelConfiguration
    public let encoder: Encoder
    public let decoder: Decoder

    /// A freshly initialised model; `random` determines every initial weight.
    public init(configuration: ModelConfiguration, random: inout RandomGenerator) throws {
        try configuration.validate()
        self.configuration = configuration
        encoder = Encoder(configuration: configuration, random: &random)
        decoder = Decoder(configuration: configuration, random: &random)
    }

    /// Every parameter, in a fixed order (names are unique).
    public var parameters: [Parameter] { encoder.parameters + decoder.parameters }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Forward and backward over one batch: accumulates gradients of the mean (label-smoothed)
    /// loss per target token and returns the loss totals.
    @discardableResult
    public func trainStep(batch: Batch, labelSmoothing: Float, training: Bool = true,
                          random: inout RandomGenerator) -> SoftmaxCrossEntropy.Result {
        encoder.forward(source: batch.source, lengths: batch.sourceLengths, sourceLength: batch.sourceLength,
                        training: training, random: &random)
        let result = decoder.forward(batch: batch, encoder: encoder, training: training, labelSmoothing: labelSmoothing,
                                     normalizer: Float(max(batch.targetTokens, 1)), random: &random)
        decoder.backward()
        encoder.backward(annotationGradient: decoder.attention.map { UnsafePointer($0.annotationGradient.pointer) },
                         finalHiddenGradient: decoder.initialHiddenGradient.pointer,
                         finalCellGradient: decoder.initialCellGradient.pointer)
        return result
    }

    /// The loss of one batch without touching gradients (dropout off).
    public func evaluate(batch: Batch, random: inout RandomGenerator) -> SoftmaxCrossEntropy.Result {
        encoder.forward(source: batch.source, lengths: batch.sourceLengths, sourceLength: batch.sourceLength,
                        training: false, random: &random)
        return decoder.forward(batch: batch, encoder: encoder, training: false, labelSmoothing: 0,
                               normalizer: Float(max(batch.targetTokens, 1)), random: &random)
    }

    /// Packs every weight for the forward products of inference, so that decoding calls
    /// passing `packWeights: false` (or `weightsPacked: true`) skip it. Repacking a model is
    /// a few milliseconds: more than decoding a short sentence. Call it again after the weights
    /// change; training refreshes its own packing on every batch.
    public func packForInference() {
        for layer in encoder.levels.joined() { layer.cell.packWeights(forBackward: false) }
        decoder.packWeights()
    }

    /// Clears every gradient.
    public func zeroGradients() { for p in parameters { p.zeroGradient() } }
}
