/// An LSTM run over a padded, time-major batch of sequences, forwards or in reverse.
///
/// Input and output are time-major (`[S, B, width]`): step `t` of every sentence is one
/// contiguous `[B, width]` block, which is what the per-step GEMM wants. Rows past a sentence's
/// length are padding: they neither change the state nor receive gradient, and their output is 0.
/// The final state is the state after the last real token (the first token when `reversed`).
public final class LSTMLayer {
    public let cell: LSTMCell
    /// Whether the layer reads the sequence from its end (the backward half of a BiLSTM).
    public let reversed: Bool

    // Per-step caches, laid out [S, B, …] and reused across batches.
    private let xh = FloatBuffer(), gates = FloatBuffer(), cells = FloatBuffer(), tanhCells = FloatBuffer()
    private let states = FloatBuffer()
    private let gateGradients = FloatBuffer(), xhGradient = FloatBuffer(), hiddenGradient = FloatBuffer()
    private let zeroState = FloatBuffer(), cellGradient = FloatBuffer()
    private var active: [Bool] = []
    // Set by `forward(tokens:…)`: the embedding part of the input product, per distinct token.
    private let projection = TokenInputProjection()
    private var projectedEmbedding: Embedding?
    private var batch = 0, steps = 0

    /// Output of the last `forward`: `[S, B, H]`, zero at padded positions.
    public let outputs = FloatBuffer()
    /// Final hidden and cell state `[B, H]` of the last `forward`.
    public let finalHidden = FloatBuffer(), finalCell = FloatBuffer()

    public init(name: String, inputSize: Int, hiddenSize: Int, reversed: Bool, random: inout RandomGenerator) {
        cell = LSTMCell(name: name, inputSize: inputSize, hiddenSize: hiddenSize, random: &random)
        self.reversed = reversed
    }

    public var parameters: [Parameter] { cell.parameters }

    /// Runs the layer over `input` (`[S, B, I]`) for sentences of the given lengths.
    /// `packWeights: false` reuses the packed weights as they are (inference, after
    /// `TranslationModel.packForInference`).
    public func forward(input: UnsafePointer<Float>, lengths: [Int], steps: Int, packWeights: Bool = true) {
        run(input: input, tokens: nil, lengths: lengths, steps: steps, packWeights: packWeights)
    }

    /// Runs the layer over the embeddings of `ids` (`[S, B]`, time-major) in `embedding`, whose
    /// product with the weight is computed once per distinct token (`TokenInputProjection`):
    /// the same result as `forward(input:…)` on the looked-up vectors, to rounding, when nothing
    /// (such as dropout) changes them per position. The layer's input must be the embedding.
    public func forward(tokens ids: UnsafePointer<Int32>, embedding: Embedding, lengths: [Int], steps: Int) {
        precondition(embedding.dimension == cell.inputSize, "the layer's input is not this embedding")
        run(input: nil, tokens: (ids, embedding), lengths: lengths, steps: steps, packWeights: true)
    }

    private func run(input: UnsafePointer<Float>?, tokens: (ids: UnsafePointer<Int32>, embedding: Embedding)?,
                     lengths: [Int], steps: Int, packWeights: Bool) {
        let B = lengths.count, I = cell.inputSize, H = cell.hiddenSize, IH = I + H
        projectedEmbedding = tokens?.embedding
        let skip = tokens == nil ? 0 : I
        // Any forward may be followed by a backward, so both packings are refreshed.
        if packWeights || cell.weight.packedTransposed == nil { cell.packWeights(forBackward: true, skippingInputColumns: skip) }
        if let tokens {
            projection.forward(ids: tokens.ids, count: steps * B, embedding: tokens.embedding,
                               weight: cell.weight, bias: cell.bias)
        }
        batch = B; self.steps = steps
        xh.resize(steps * B * IH, zeroed: false)
        gates.resize(steps * B * 4 * H, zeroed: false)
        cells.resize(steps * B * H, zeroed: false)
        tanhCells.resize(steps * B * H, zeroed: false)
        states.resize(steps * B * H, zeroed: false)
        outputs.resize(steps * B * H, zeroed: false)
        zeroState.resize(B * H)
        active = [Bool](repeating: false, count: steps * B)
        for t in 0..<steps { for b in 0..<B { active[t * B + b] = t < lengths[b] } }

        // The inputs do not depend on the recurrence: lay them all out before the loop.
        let xhBase = xh.pointer
        let rows = steps * B
        if let input {
            WorkerPool.shared.parallelFor(rangesOf: rows, parts: rows >= 64 ? WorkerPool.shared.threadCount : 1) { range in
                for i in range { (xhBase + i * IH).update(from: input + i * I, count: I) }
            }
        }
        var previousHidden: UnsafePointer<Float> = UnsafePointer(zeroState.pointer)
        var previousCell: UnsafePointer<Float> = UnsafePointer(zeroState.pointer)
        let table = UnsafePointer(projection.table.pointer), slots = projection.slots
        active.withUnsafeBufferPointer { activeFlags in
            for s in 0..<steps {
                let t = reversed ? steps - 1 - s : s
                let row = xh.pointer + t * B * IH
                for b in 0..<B { (row + b * IH + I).update(from: previousHidden + b * H, count: H) }
                let h = states.pointer + t * B * H, c = cells.pointer + t * B * H
                cell.forward(xh: row, previousCell: previousCell, batch: B,
                             gates: gates.pointer + t * B * 4 * H, cell: c,
                             tanhCell: tanhCells.pointer + t * B * H, hidden: h,
                             active: activeFlags.baseAddress! + t * B, packed: true,
                             projection: skip == 0 ? nil : ProjectedInput(table: table, slots: slots + t * B, columns: skip),
                             zeroPreviousHidden: s == 0)
                let out = outputs.pointer + t * B * H
                for b in 0..<B {
                    if activeFlags[t * B + b] { (out + b * H).update(from: h + b * H, count: H) }
                    else { (out + b * H).update(repeating: 0, count: H) }
                }
                previousHidden = UnsafePointer(h); previousCell = UnsafePointer(c)
            }
        }
        finalHidden.resize(B * H, zeroed: false); finalCell.resize(B * H, zeroed: false)
        finalHidden.pointer.update(from: previousHidden, count: B * H)
        finalCell.pointer.update(from: previousCell, count: B * H)
    }

    /// Back-propagates the last `forward`.
    /// - Parameters:
    ///   - outputGradient: dL/d`outputs` `[S, B, H]`.
    ///   - finalHiddenGradient, finalCellGradient: dL/d final state `[B, H]`, or nil.
    ///   - inputGradient: receives dL/d`input` `[S, B, I]` (overwritten). After
    ///     `forward(tokens:…)` it is not written: the gradient goes to the embedding's rows.
    public func backward(
        outputGradient: UnsafePointer<Float>, finalHiddenGradient: UnsafePointer<Float>?,
        finalCellGradient: UnsafePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>?
    ) {
        let B = batch, I = cell.inputSize, H = cell.hiddenSize, IH = I + H
        let skip = projectedEmbedding == nil ? 0 : I
        gateGradients.resize(steps * B * 4 * H, zeroed: false)
        xhGradient.resize(B * IH, zeroed: false)
        hiddenGradient.resize(B * H, zeroed: false)
        let dh = hiddenGradient.pointer
        cellGradient.resize(B * H)
        let dc = cellGradient
        // dh carries the gradient from the step processed after this one (the recurrence).
        if let g = finalHiddenGradient { dh.update(from: g, count: B * H) } else { dh.update(repeating: 0, count: B * H) }
        if let g = finalCellGradient { dc.pointer.update(from: g, count: B * H) }
        active.withUnsafeBufferPointer { activeFlags in
            for s in stride(from: steps - 1, through: 0, by: -1) {
                let t = reversed ? steps - 1 - s : s
                let previousCell: UnsafePointer<Float>
                if s == 0 { previousCell = UnsafePointer(zeroState.pointer) }
                else { previousCell = UnsafePointer(cells.pointer + (reversed ? t + 1 : t - 1) * B * H) }
                let dOut = outputGradient + t * B * H
                for b in 0..<B where activeFlags[t * B + b] {
                    for j in 0..<H { dh[b * H + j] += dOut[b * H + j] }
                }
                cell.backward(xh: xh.pointer + t * B * IH, previousCell: previousCell, batch: B,
                              gates: gates.pointer + t * B * 4 * H, tanhCell: tanhCells.pointer + t * B * H,
                              hiddenGradient: dh, cellGradient: dc.pointer,
                              gateGradient: gateGradients.pointer + t * B * 4 * H,
                              xhGradient: xhGradient.pointer, active: activeFlags.baseAddress! + t * B, packed: true,
                              skippingInputColumns: skip, needsInputGradient: skip == 0 || s > 0)
                // With projected tokens the first step's input gradient is the embedding's and
                // the zero initial state's is not needed.
                if skip > 0 && s == 0 { continue }
                for b in 0..<B {
                    let src = xhGradient.pointer + b * IH
                    if skip == 0, let inputGradient { (inputGradient + (t * B + b) * I).update(from: src, count: I) }
                    (dh + b * H).update(from: src + I, count: H)
                }
            }
        }
        // With projected tokens dW covers only h_prev, which is zero in the first step's rows.
        let firstStepRows = reversed ? (steps - 1) * B..<steps * B : 0..<B
        let weightRows = skip == 0 ? 0..<steps * B : (reversed ? 0..<firstStepRows.lowerBound : firstStepRows.upperBound..<steps * B)
        cell.accumulateWeightGradient(gateGradients: gateGradients.pointer, xh: xh.pointer, rows: steps * B,
                                      skippingInputColumns: skip, weightRows: weightRows)
        if let projectedEmbedding {
            projection.backward(gateGradients: gateGradients.pointer, embedding: projectedEmbedding, weight: cell.weight)
        }
    }
}
