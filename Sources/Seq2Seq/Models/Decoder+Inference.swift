extension Decoder {
    /// The inference state after `encoder.forward` on a batch with these source lengths.
    /// `packWeights: false` reuses the packed weights as they are (see
    /// `TranslationModel.packForInference`).
    public func initialState(encoder: Encoder, lengths: [Int], sourceLength: Int, packWeights: Bool = true) -> DecoderState {
        if packWeights || output.weight.packedTransposed == nil { self.packWeights() }
        return DecoderState(encoder: encoder, lengths: lengths, sourceLength: sourceLength, hiddenSize: H)
    }

    /// Advances every row of `state` by one target token (`tokens[r]` is the previous output,
    /// `<s>` at first) and writes the log-probabilities of the next token (`[R, V]`) and, for
    /// attention models, the step's attention weights (`[R, S]`). With `normalized: false` it
    /// leaves the raw logits instead (for callers that need only a few log-probabilities).
    public func step(_ state: DecoderState, tokens: [Int32], logProbabilities: FloatBuffer, attentionWeights: FloatBuffer?,
                     normalized: Bool = true) {
        let R = state.rows, E = configuration.embeddingSize, H = self.H, X = extraInputSize, IH = E + X + H
        let S = state.sourceLength, F = featureSize, V = configuration.targetVocabularySize
        let w = state.workspace
        let x = w.x, gates = w.gates, tanhCell = w.tanhCell, newHidden = w.newHidden, newCell = w.newCell
        let context = w.context, feature = w.feature, embedded = w.embedded
        x.resize(R * IH, zeroed: false); gates.resize(R * 4 * H, zeroed: false); tanhCell.resize(R * H, zeroed: false)
        newHidden.resize(R * H, zeroed: false); newCell.resize(R * H, zeroed: false)
        context.resize(R * H, zeroed: false); feature.resize(R * F, zeroed: false); embedded.resize(R * E, zeroed: false)
        tokens.withUnsafeBufferPointer { embedding.forward(ids: $0.baseAddress!, count: R, output: embedded.pointer) }
        if let attention, !state.keysReady {
            attention.prepare(annotations: state.annotations.pointer, lengths: state.lengths, sourceLength: S)
            state.keysReady = true
        }
        if kind == .bahdanau { attention!.forward(query: state.hidden.pointer, step: 0, context: context.pointer) }
        for r in 0..<R {
            let dst = x.pointer + r * IH
            dst.update(from: embedded.pointer + r * E, count: E)
            if kind == .bahdanau { (dst + E).update(from: context.pointer + r * H, count: H) }
            if kind == .luong && X > 0 { (dst + E).update(from: state.feed.pointer + r * H, count: H) }
            (dst + E + X).update(from: state.hidden.pointer + r * H, count: H)
        }
        cell.forward(xh: x.pointer, previousCell: state.cell.pointer, batch: R, gates: gates.pointer,
                     cell: newCell.pointer, tanhCell: tanhCell.pointer, hidden: newHidden.pointer, packed: true)
        switch kind {
        case .lstm:
            feature.pointer.update(from: newHidden.pointer, count: R * H)
        case .bahdanau:
            for r in 0..<R {
                (feature.pointer + r * F).update(from: newHidden.pointer + r * H, count: H)
                (feature.pointer + r * F + H).update(from: context.pointer + r * H, count: H)
            }
        case .luong:
            attention!.forward(query: newHidden.pointer, step: 0, context: context.pointer)
            let cat = w.concatenated
            cat.resize(R * 2 * H, zeroed: false)
            for r in 0..<R {
                (cat.pointer + r * 2 * H).update(from: context.pointer + r * H, count: H)
                (cat.pointer + r * 2 * H + H).update(from: newHidden.pointer + r * H, count: H)
            }
            combine!.forward(input: cat.pointer, rows: R, output: feature.pointer, packed: true)
            FastMath.tanh(in: feature.pointer, out: feature.pointer, count: R * H)
            state.feed.pointer.update(from: feature.pointer, count: R * H)
        }
        state.hidden.pointer.update(from: newHidden.pointer, count: R * H)
        state.cell.pointer.update(from: newCell.pointer, count: R * H)
        logProbabilities.resize(R * V, zeroed: false)
        output.forward(input: feature.pointer, rows: R, output: logProbabilities.pointer, packed: true)
        if normalized { for r in 0..<R { SoftmaxCrossEntropy.logSoftmax(logProbabilities.pointer + r * V, count: V) } }
        if let attentionWeights {
            attentionWeights.resize(R * S, zeroed: false)
            if let attention { attentionWeights.pointer.update(from: attention.weights.pointer, count: R * S) }
            else { attentionWeights.zero() }
        }
    }
}
