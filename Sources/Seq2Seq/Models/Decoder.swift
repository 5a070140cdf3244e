import Foundation

/// The target-side half of a model: one LSTM cell stepped over the target, with the attention
/// of its `ModelKind`, an output projection and the fused softmax loss.
///
/// Per step (`x` = embedding of the previous target word, `h`/`c` the LSTM state):
///
///     lstm:      h_t = LSTM([x_t], h_{t−1})                         feature = h_t
///     bahdanau:  c_t = attend(h_{t−1});  h_t = LSTM([x_t ; c_t], h_{t−1})   feature = [h_t ; c_t]
///     luong:     h_t = LSTM([x_t ; h̃_{t−1}], h_{t−1});  c_t = attend(h_t)
///                h̃_t = tanh(W_c [c_t ; h_t])                        feature = h̃_t
///
/// and `logits = W_o · dropout(feature) + b`. Training runs all steps with teacher forcing and
/// keeps every activation for `backward`; inference uses `step` on a `DecoderState`.
public final class Decoder {
    public let configuration: ModelConfiguration
    public let embedding: Embedding
    public let cell: LSTMCell
    public let attention: Attention?
    /// Luong's W_c `[H, D+H]`.
    public let combine: Linear?
    public let output: Linear
    private let embeddingDropout: Dropout, featureDropout: Dropout

    var kind: ModelKind { configuration.kind }
    var H: Int { configuration.hiddenSize }
    /// Width of the extra LSTM input (context for Bahdanau, h̃ for Luong with input feeding).
    var extraInputSize: Int {
        switch kind {
        case .lstm: 0
        case .bahdanau: H
        case .luong: configuration.inputFeeding ? H : 0
        }
    }
    var featureSize: Int { kind == .bahdanau ? 2 * H : H }

    public init(configuration c: ModelConfiguration, random: inout RandomGenerator) {
        configuration = c
        let H = c.hiddenSize
        embedding = Embedding(name: "decoder.embedding", vocabularySize: c.targetVocabularySize,
                              dimension: c.embeddingSize, random: &random)
        let extra = c.kind == .lstm ? 0 : (c.kind == .bahdanau || c.inputFeeding ? H : 0)
        cell = LSTMCell(name: "decoder.lstm", inputSize: c.embeddingSize + extra, hiddenSize: H, random: &random)
        attention = c.kind == .lstm ? nil :
            Attention(name: "decoder.attention", score: c.kind == .bahdanau ? .concat : c.score,
                      querySize: H, annotationSize: H, attentionSize: H, random: &random)
        combine = c.kind == .luong ? Linear(name: "decoder.combine", inputSize: 2 * H, outputSize: H, bias: false, random: &random) : nil
        output = Linear(name: "decoder.output", inputSize: c.kind == .bahdanau ? 2 * H : H,
                        outputSize: c.targetVocabularySize, bias: true, random: &random)
        embeddingDropout = Dropout(rate: c.dropout)
        featureDropout = Dropout(rate: c.dropout)
    }

    public var parameters: [Parameter] {
        embedding.parameters + cell.parameters + (attention?.parameters ?? []) + (combine?.parameters ?? []) + output.parameters
    }

    /// Snapshots the per-step weights in the GEMM's packed layout (once per batch or sentence);
    /// with `projectedTokens`, the LSTM's without its embedding columns.
    func packWeights(projectedTokens: Bool = false) {
        cell.packWeights(forBackward: true, skippingInputColumns: projectedTokens ? configuration.embeddingSize : 0)
        combine?.weight.pack(forBackward: true)
        output.weight.pack(forBackward: false)
        attention?.packWeights()
    }

    // MARK: Training

    private var batch = 0, steps = 0
    private var inputIds: [Int32] = []
    private let embedded = FloatBuffer(), xh = FloatBuffer(), gates = FloatBuffer(), cells = FloatBuffer()
    private let tanhCells = FloatBuffer(), hiddens = FloatBuffer(), contexts = FloatBuffer()
    private let combined = FloatBuffer(), attentional = FloatBuffer(), features = FloatBuffer(), logits = FloatBuffer()
    private let gateGradients = FloatBuffer(), combineGradients = FloatBuffer()
    // Backward workspaces, reused across batches.
    private let featureGradient = FloatBuffer(), embeddedGradient = FloatBuffer()
    private let dh = FloatBuffer(), dc = FloatBuffer(), dhNext = FloatBuffer(), dFeed = FloatBuffer()
    private let dContext = FloatBuffer(), dxh = FloatBuffer(), dCombined = FloatBuffer()
    /// dL/d of the encoder's final state after `backward`.
    public let initialHiddenGradient = FloatBuffer(), initialCellGradient = FloatBuffer()
    private weak var encoder: Encoder?

    /// Whether training without dropout on the embedding, and `evaluate`, compute the LSTM's
    /// embedding product once per distinct token (`TokenInputProjection`) instead of once per
    /// position. Both give the same results to rounding; tests compare them.
    public var projectsTokenInputs = true
    private let projection = TokenInputProjection()
    private var projectedTokens = false

    /// The attention weights of the last forward, `[T, B, S]` (nil for `lstm`).
    public var attentionWeights: FloatBuffer? { attention?.weights }

    /// Runs the decoder over `batch` with teacher forcing, computes the loss, and keeps what
    /// `backward` needs. `normalizer` divides the loss (usually the batch's token count).
    public func forward(batch b: Batch, encoder: Encoder, training: Bool, labelSmoothing: Float,
                        normalizer: Float, random: inout RandomGenerator) -> SoftmaxCrossEntropy.Result {
        let B = b.size, T = b.targetLength, E = configuration.embeddingSize, H = self.H
        let X = extraInputSize, IH = E + X + H, F = featureSize, V = configuration.targetVocabularySize
        batch = B; steps = T; inputIds = b.targetInput; self.encoder = encoder
        embedInputs(training: training, random: &random)
        xh.resize(T * B * IH, zeroed: false); gates.resize(T * B * 4 * H, zeroed: false)
        cells.resize(T * B * H, zeroed: false); tanhCells.resize(T * B * H, zeroed: false)
        hiddens.resize(T * B * H, zeroed: false); contexts.resize(T * B * H, zeroed: false)
        features.resize(T * B * F, zeroed: false)
        if kind == .luong { combined.resize(T * B * 2 * H, zeroed: false); attentional.resize(T * B * H, zeroed: false) }
        attention?.prepare(annotations: encoder.annotations.pointer, lengths: b.sourceLengths, sourceLength: b.sourceLength)
        packWeights(projectedTokens: projectedTokens)

        for t in 0..<T {
            let previousHidden = t == 0 ? encoder.finalHidden.pointer : hiddens.pointer + (t - 1) * B * H
            let previousCell = t == 0 ? encoder.finalCell.pointer : cells.pointer + (t - 1) * B * H
            let context = contexts.pointer + t * B * H
            if kind == .bahdanau { attention!.forward(query: previousHidden, step: t, context: context) }
            let row = xh.pointer + t * B * IH
            for r in 0..<B {
                let dst = row + r * IH
                if !projectedTokens { dst.update(from: embedded.pointer + (t * B + r) * E, count: E) }
                if kind == .bahdanau { (dst + E).update(from: context + r * H, count: H) }
                if kind == .luong && X > 0 {
                    if t == 0 { (dst + E).update(repeating: 0, count: H) }
                    else { (dst + E).update(from: attentional.pointer + ((t - 1) * B + r) * H, count: H) }
                }
                (dst + E + X).update(from: previousHidden + r * H, count: H)
            }
            let h = hiddens.pointer + t * B * H
            cell.forward(xh: row, previousCell: previousCell, batch: B, gates: gates.pointer + t * B * 4 * H,
                         cell: cells.pointer + t * B * H, tanhCell: tanhCells.pointer + t * B * H, hidden: h, packed: true,
                         projection: projectedInput(step: t))
            let feature = features.pointer + t * B * F
            switch kind {
            case .lstm:
                feature.update(from: h, count: B * H)
            case .bahdanau:
                for r in 0..<B {
                    (feature + r * F).update(from: h + r * H, count: H)
                    (feature + r * F + H).update(from: context + r * H, count: H)
                }
            case .luong:
                attention!.forward(query: h, step: t, context: context)
                let cat = combined.pointer + t * B * 2 * H
                for r in 0..<B {
                    (cat + r * 2 * H).update(from: context + r * H, count: H)
                    (cat + r * 2 * H + H).update(from: h + r * H, count: H)
                }
                let ht = attentional.pointer + t * B * H
                combine!.forward(input: cat, rows: B, output: ht, packed: true)
                FastMath.tanh(in: ht, out: ht, count: B * H)
                feature.update(from: ht, count: B * H)
            }
        }
        featureDropout.forward(features.pointer, count: T * B * F, training: training, random: &random)
        logits.resize(T * B * V, zeroed: false)
        output.forward(input: features.pointer, rows: T * B, output: logits.pointer, packed: true)
        return b.targetOutput.withUnsafeBufferPointer {
            SoftmaxCrossEntropy.lossAndGradient(logits: logits.pointer, targets: $0.baseAddress!, rows: T * B, classes: V,
                                                labelSmoothing: labelSmoothing, normalizer: normalizer)
        }
    }

    /// Looks up (and drops out) the input embeddings of every step, or, when nothing perturbs
    /// them, has `projection` compute their LSTM product per distinct token instead.
    private func embedInputs(training: Bool, random: inout RandomGenerator) {
        let count = inputIds.count, E = configuration.embeddingSize
        projectedTokens = projectsTokenInputs && (!training || embeddingDropout.rate == 0)
        inputIds.withUnsafeBufferPointer { ids in
            if projectedTokens {
                projection.forward(ids: ids.baseAddress!, count: count, embedding: embedding, weight: cell.weight, bias: cell.bias)
            } else {
                embedded.resize(count * E, zeroed: false)
                embedding.forward(ids: ids.baseAddress!, count: count, output: embedded.pointer)
            }
        }
        if !projectedTokens { embeddingDropout.forward(embedded.pointer, count: count * E, training: training, random: &random) }
    }

    /// The projected embeddings of step `t`'s rows, when `projectedTokens`.
    private func projectedInput(step t: Int) -> ProjectedInput? {
        guard projectedTokens else { return nil }
        return ProjectedInput(table: UnsafePointer(projection.table.pointer), slots: projection.slots + t * batch,
                              columns: configuration.embeddingSize)
    }

    /// Back-propagates the last `forward` (whose logits now hold dL/dlogits), accumulating
    /// parameter gradients and leaving dL/d(encoder final state) in `initialHiddenGradient` /
    /// `initialCellGradient` and dL/d annotations in `attention.annotationGradient`.
    public func backward() {
        guard let encoder else { return }
        let B = batch, T = steps, E = configuration.embeddingSize, H = self.H
        let X = extraInputSize, IH = E + X + H, F = featureSize, skip = projectedTokens ? E : 0
        featureGradient.resize(T * B * F, zeroed: false)
        output.backward(input: features.pointer, outputGradient: logits.pointer, rows: T * B, inputGradient: featureGradient.pointer)
        featureDropout.backward(featureGradient.pointer, count: T * B * F)

        gateGradients.resize(T * B * 4 * H, zeroed: false)
        if !projectedTokens { embeddedGradient.resize(T * B * E, zeroed: false) }
        // The recurrent gradients start at zero; the others are overwritten before being read.
        dh.resize(B * H, zeroed: false); dc.resize(B * H); dhNext.resize(B * H); dFeed.resize(B * H)
        dContext.resize(B * H, zeroed: false); dxh.resize(B * IH, zeroed: false)
        if kind == .luong { combineGradients.resize(T * B * H, zeroed: false) }
        dCombined.resize(B * 2 * H, zeroed: false)

        for t in stride(from: T - 1, through: 0, by: -1) {
            let h = hiddens.pointer + t * B * H
            let dFeature = featureGradient.pointer + t * B * F
            dh.pointer.update(from: dhNext.pointer, count: B * H)
            switch kind {
            case .lstm:
                for i in 0..<(B * H) { dh[i] += dFeature[i] }
            case .bahdanau:
                for r in 0..<B {
                    for j in 0..<H { dh[r * H + j] += dFeature[r * F + j] }
                    (dContext.pointer + r * H).update(from: dFeature + r * F + H, count: H)
                }
            case .luong:
                let ht = attentional.pointer + t * B * H, du = combineGradients.pointer + t * B * H
                for i in 0..<(B * H) {
                    let g = dFeature[i] + dFeed[i]
                    du[i] = g * (1 - ht[i] * ht[i])
                }
                gemm(transposeA: false, m: B, a: du, lda: H, b: combine!.weight.packed!, beta: 0, c: dCombined.pointer, ldc: 2 * H)
                for r in 0..<B {
                    (dContext.pointer + r * H).update(from: dCombined.pointer + r * 2 * H, count: H)
                    for j in 0..<H { dh[r * H + j] += dCombined[r * 2 * H + H + j] }
                }
                attention!.backward(query: h, step: t, contextGradient: dContext.pointer, queryGradient: dh.pointer)
            }
            let previousCell = t == 0 ? encoder.finalCell.pointer : cells.pointer + (t - 1) * B * H
            cell.backward(xh: xh.pointer + t * B * IH, previousCell: previousCell, batch: B,
                          gates: gates.pointer + t * B * 4 * H, tanhCell: tanhCells.pointer + t * B * H,
                          hiddenGradient: dh.pointer, cellGradient: dc.pointer,
                          gateGradient: gateGradients.pointer + t * B * 4 * H, xhGradient: dxh.pointer, packed: true,
                          skippingInputColumns: skip)
            for r in 0..<B {
                let src = dxh.pointer + r * IH
                if !projectedTokens { (embeddedGradient.pointer + (t * B + r) * E).update(from: src, count: E) }
                (dhNext.pointer + r * H).update(from: src + E + X, count: H)
                if kind == .bahdanau {
                    for j in 0..<H { dContext[r * H + j] += src[E + j] }
                } else if kind == .luong && X > 0 {
                    (dFeed.pointer + r * H).update(from: src + E, count: H)
                }
            }
            if kind == .bahdanau {
                let previousHidden = t == 0 ? encoder.finalHidden.pointer : hiddens.pointer + (t - 1) * B * H
                attention!.backward(query: previousHidden, step: t, contextGradient: dContext.pointer, queryGradient: dhNext.pointer)
            }
        }
        cell.accumulateWeightGradient(gateGradients: gateGradients.pointer, xh: xh.pointer, rows: T * B, skippingInputColumns: skip)
        if let combine {
            combine.backward(input: combined.pointer, outputGradient: combineGradients.pointer, rows: T * B, inputGradient: nil)
        }
        attention?.finishBackward()
        if projectedTokens {
            projection.backward(gateGradients: gateGradients.pointer, embedding: embedding, weight: cell.weight)
        } else {
            embeddingDropout.backward(embeddedGradient.pointer, count: T * B * E)
            inputIds.withUnsafeBufferPointer {
                embedding.backward(ids: $0.baseAddress!, count: T * B, outputGradient: embeddedGradient.pointer)
            }
        }
        initialHiddenGradient.resize(B * H, zeroed: false); initialCellGradient.resize(B * H, zeroed: false)
        initialHiddenGradient.pointer.update(from: dhNext.pointer, count: B * H)
        initialCellGradient.pointer.update(from: dc.pointer, count: B * H)
    }
}
