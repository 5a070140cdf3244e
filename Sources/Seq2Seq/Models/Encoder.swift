/// Embedding + a stack of (optionally bidirectional) LSTM layers over the source sentence.
///
/// Produces the annotations `h_j` the attention reads (`[B, S, H]`, batch-major so each
/// sentence's annotations are contiguous) and the final state the decoder starts from.
public final class Encoder {
    public let configuration: ModelConfiguration
    public let embedding: Embedding
    /// `levels[l]` holds the forward layer and, when bidirectional, the reversed one.
    public let levels: [[LSTMLayer]]
    private let dropouts: [Dropout]

    private var ids: [Int32] = []  // time-major source ids
    private var lengths: [Int] = []
    private var batch = 0, steps = 0
    private let embedded = FloatBuffer()
    private var levelOutputs: [FloatBuffer] = []  // [S, B, H] per level (input of the next)
    private let scratch = FloatBuffer(), scratch2 = FloatBuffer()
    // Backward workspaces: the gradients flowing between levels, and per-direction slices.
    private let gradientBuffers = (FloatBuffer(), FloatBuffer())
    private let finalHiddenSlice = FloatBuffer(), finalCellSlice = FloatBuffer()

    /// `[B, S, H]` annotations of the last forward (zero at padded positions).
    public let annotations = FloatBuffer()
    /// `[B, H]` final hidden and cell state of the top level (both directions concatenated).
    public let finalHidden = FloatBuffer(), finalCell = FloatBuffer()

    /// Whether a first level whose input has no dropout (inference, or training with dropout 0)
    /// computes its embedding product once per distinct token (`TokenInputProjection`) instead
    /// of once per position. Both give the same results to rounding; tests compare them.
    public var projectsTokenInputs = true
    private var projectedTokens = false

    public init(configuration c: ModelConfiguration, random: inout RandomGenerator) {
        configuration = c
        embedding = Embedding(name: "encoder.embedding", vocabularySize: c.sourceVocabularySize,
                              dimension: c.embeddingSize, random: &random)
        var levels: [[LSTMLayer]] = []
        for l in 0..<c.encoderLayers {
            let input = l == 0 ? c.embeddingSize : c.hiddenSize
            var level = [LSTMLayer(name: "encoder.lstm\(l).forward", inputSize: input,
                                   hiddenSize: c.encoderDirectionSize, reversed: false, random: &random)]
            if c.bidirectional {
                level.append(LSTMLayer(name: "encoder.lstm\(l).backward", inputSize: input,
                                       hiddenSize: c.encoderDirectionSize, reversed: true, random: &random))
            }
            levels.append(level)
        }
        self.levels = levels
        dropouts = (0..<c.encoderLayers).map { _ in Dropout(rate: c.dropout) }
        levelOutputs = (0..<c.encoderLayers).map { _ in FloatBuffer() }
    }

    public var parameters: [Parameter] { embedding.parameters + levels.flatMap { $0.flatMap(\.parameters) } }

    /// Encodes a batch (`source` batch-major `[B, S]`); `packWeights: false` reuses the packed
    /// weights as they are (see `TranslationModel.packForInference`).
    public func forward(source: [Int32], lengths: [Int], sourceLength S: Int, training: Bool,
                        packWeights: Bool = true, random: inout RandomGenerator) {
        let B = lengths.count, E = configuration.embeddingSize, H = configuration.hiddenSize
        batch = B; steps = S; self.lengths = lengths
        ids = [Int32](repeating: 0, count: S * B)
        for b in 0..<B { for t in 0..<S { ids[t * B + b] = source[b * S + t] } }
        // Pre-packed inference keeps the per-position products its packing is for.
        projectedTokens = projectsTokenInputs && packWeights && (!training || dropouts[0].rate == 0)
        if !projectedTokens {
            embedded.resize(S * B * E, zeroed: false)
            ids.withUnsafeBufferPointer { embedding.forward(ids: $0.baseAddress!, count: S * B, output: embedded.pointer) }
        }
        var input = embedded
        for (l, level) in levels.enumerated() {
            if l == 0 && projectedTokens {
                ids.withUnsafeBufferPointer { ids in
                    for layer in level { layer.forward(tokens: ids.baseAddress!, embedding: embedding, lengths: lengths, steps: S) }
                }
            } else {
                let width = l == 0 ? E : H
                dropouts[l].forward(input.pointer, count: S * B * width, training: training, random: &random)
                for layer in level { layer.forward(input: input.pointer, lengths: lengths, steps: S, packWeights: packWeights) }
            }
            let out = levelOutputs[l]
            out.resize(S * B * H, zeroed: false)
            interleave(level.map(\.outputs), rows: S * B, into: out)
            input = out
        }
        let top = levels[levels.count - 1]
        annotations.resize(B * S * H, zeroed: false)
        for t in 0..<S { for b in 0..<B {
            (annotations.pointer + (b * S + t) * H).update(from: input.pointer + (t * B + b) * H, count: H)
        } }
        finalHidden.resize(B * H, zeroed: false); finalCell.resize(B * H, zeroed: false)
        interleave(top.map(\.finalHidden), rows: B, into: finalHidden)
        interleave(top.map(\.finalCell), rows: B, into: finalCell)
    }

    /// Back-propagates the last forward given dL/d annotations (`[B, S, H]`; nil when no
    /// attention read them) and dL/d final state (`[B, H]` each).
    public func backward(annotationGradient: UnsafePointer<Float>?, finalHiddenGradient: UnsafePointer<Float>,
                         finalCellGradient: UnsafePointer<Float>) {
        let B = batch, S = steps, E = configuration.embeddingSize, H = configuration.hiddenSize
        var outputGradient = gradientBuffers.0, inputGradient = gradientBuffers.1
        outputGradient.resize(S * B * H, zeroed: annotationGradient == nil)
        if let annotationGradient {
            for t in 0..<S { for b in 0..<B {
                (outputGradient.pointer + (t * B + b) * H).update(from: annotationGradient + (b * S + t) * H, count: H)
            } }
        }
        for l in stride(from: levels.count - 1, through: 0, by: -1) {
            let level = levels[l]
            let width = l == 0 ? E : H
            // The token projection sends the first level's input gradient to the embedding itself.
            let toEmbedding = l == 0 && projectedTokens
            // One direction writes the level's input gradient directly; two add up their shares.
            if !toEmbedding { inputGradient.resize(S * B * width, zeroed: level.count > 1) }
            let part = configuration.encoderDirectionSize
            let isTop = l == levels.count - 1
            for (d, layer) in level.enumerated() {
                // This direction's slice of the level's output gradient and final-state gradient.
                let directionGradient: UnsafePointer<Float>
                if level.count == 1 {
                    directionGradient = UnsafePointer(outputGradient.pointer)
                } else {
                    scratch.resize(S * B * part, zeroed: false)
                    slice(outputGradient.pointer, rows: S * B, width: H, offset: d * part, count: part, into: scratch.pointer)
                    directionGradient = UnsafePointer(scratch.pointer)
                }
                var finalH: UnsafePointer<Float>? = nil, finalC: UnsafePointer<Float>? = nil
                if isTop {
                    finalHiddenSlice.resize(B * part, zeroed: false); finalCellSlice.resize(B * part, zeroed: false)
                    slice(finalHiddenGradient, rows: B, width: H, offset: d * part, count: part, into: finalHiddenSlice.pointer)
                    slice(finalCellGradient, rows: B, width: H, offset: d * part, count: part, into: finalCellSlice.pointer)
                    finalH = UnsafePointer(finalHiddenSlice.pointer); finalC = UnsafePointer(finalCellSlice.pointer)
                }
                if level.count == 1 || toEmbedding {
                    layer.backward(outputGradient: directionGradient, finalHiddenGradient: finalH, finalCellGradient: finalC,
                                   inputGradient: toEmbedding ? nil : inputGradient.pointer)
                } else {
                    scratch2.resize(S * B * width, zeroed: false)
                    layer.backward(outputGradient: directionGradient, finalHiddenGradient: finalH, finalCellGradient: finalC,
                                   inputGradient: scratch2.pointer)
                    for i in 0..<(S * B * width) { inputGradient[i] += scratch2[i] }
                }
            }
            if toEmbedding { return }
            dropouts[l].backward(inputGradient.pointer, count: S * B * width)
            swap(&outputGradient, &inputGradient)
        }
        ids.withUnsafeBufferPointer {
            embedding.backward(ids: $0.baseAddress!, count: S * B, outputGradient: outputGradient.pointer)
        }
    }

    /// Concatenates per-direction rows side by side: `[rows, h] + [rows, h] → [rows, 2h]`.
    private func interleave(_ parts: [FloatBuffer], rows: Int, into out: FloatBuffer) {
        let width = parts.count * configuration.encoderDirectionSize, part = configuration.encoderDirectionSize
        for r in 0..<rows {
            for (d, p) in parts.enumerated() {
                (out.pointer + r * width + d * part).update(from: p.pointer + r * part, count: part)
            }
        }
    }

    private func slice(_ source: UnsafePointer<Float>, rows: Int, width: Int, offset: Int, count: Int,
                       into out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { (out + r * count).update(from: source + r * width + offset, count: count) }
    }
}
