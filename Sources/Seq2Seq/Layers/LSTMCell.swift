/// One LSTM step, batched over sentences, with an explicit backward pass.
///
/// The cell reads its input and previous hidden state side by side, `xh = [x ; h_prev]`, so one
/// GEMM against `weight` (`[4H, I+H]`, gates in the order input, forget, cell, output) computes
/// all four gate pre-activations. Callers fill `xh` for every step and keep it: the backward
/// pass reuses it to form the weight gradient for all steps in a single GEMM.
///
///     i = σ(z_i)  f = σ(z_f)  g = tanh(z_g)  o = σ(z_o)
///     c = f ⊙ c_prev + i ⊙ g      h = o ⊙ tanh(c)
///
/// A row whose `active` flag is false (a padded position) copies its state through unchanged
/// and, in backward, passes its gradient through unchanged.
public final class LSTMCell {
    public let inputSize: Int
    public let hiddenSize: Int
    /// `[4H, I+H]`: the input and recurrent weights of the four gates.
    public let weight: Parameter
    /// `[4H]`; the forget-gate part starts at 1 so early training remembers by default.
    public let bias: Parameter

    /// Snapshots the weight in the GEMM's packed layout; pass `packed: true` to `forward` /
    /// `backward` afterwards (until the weight changes) to use it. With `skippingInputColumns`
    /// (the embedding width of a `TokenInputProjection`), only the columns after them are packed,
    /// for the calls that pass such a projection.
    public func packWeights(forBackward: Bool, skippingInputColumns skip: Int = 0) {
        guard skip > 0 else { weight.pack(forBackward: forBackward); return }
        let G = 4 * hiddenSize, IH = concatenatedSize, tail = weight.value.pointer + skip
        if let p = tailPackedTransposed, tailSkip == skip { p.repack(b: tail, ldb: IH) }
        else { tailPackedTransposed = PackedMatrix(depth: IH - skip, columns: G, b: tail, ldb: IH, transposed: true) }
        if forBackward {
            if let p = tailPacked, tailSkip == skip { p.repack(b: tail, ldb: IH) }
            else { tailPacked = PackedMatrix(depth: G, columns: IH - skip, b: tail, ldb: IH, transposed: false) }
        } else if tailSkip != skip {
            tailPacked = nil
        }
        tailSkip = skip
    }

    // The packed columns after a projected embedding: `W_restᵀ` and `W_rest`.
    private var tailPackedTransposed: PackedMatrix?, tailPacked: PackedMatrix?
    private var tailSkip = 0

    /// The width of an `xh` row.
    public var concatenatedSize: Int { inputSize + hiddenSize }

    public init(name: String, inputSize: Int, hiddenSize: Int, random: inout RandomGenerator) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        weight = Parameter(name: name + ".weight", shape: [4 * hiddenSize, inputSize + hiddenSize])
        bias = Parameter(name: name + ".bias", shape: [4 * hiddenSize])
        weight.initializeUniform(limit: 1 / Float(hiddenSize).squareRoot(), using: &random)
        for j in hiddenSize..<(2 * hiddenSize) { bias.value[j] = 1 }
    }

    /// The parameters, in a fixed order.
    public var parameters: [Parameter] { [weight, bias] }

    /// Computes one step for `batch` rows.
    /// - Parameters:
    ///   - xh: `[B, I+H]`, the input and the previous hidden state.
    ///   - previousCell: `[B, H]`.
    ///   - gates: receives the activated gates `[B, 4H]` (kept for backward).
    ///   - cell: receives the new cell state `[B, H]`.
    ///   - tanhCell: receives `tanh(cell)` `[B, H]` (kept for backward).
    ///   - hidden: receives the new hidden state `[B, H]`.
    ///   - active: per row, whether this step is real (nil: all rows are).
    ///   - projection: the embedding part of every row's product, already computed per token
    ///     (`xh`'s first `projection.columns` columns are then not read).
    ///   - zeroPreviousHidden: with a `projection` that covers the whole input, the previous
    ///     hidden state is zero (a layer's first step), so the remaining product is skipped.
    public func forward(
        xh: UnsafePointer<Float>, previousCell: UnsafePointer<Float>, batch: Int,
        gates: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>,
        tanhCell: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>,
        active: UnsafePointer<Bool>? = nil, packed: Bool = false, projection: ProjectedInput? = nil,
        zeroPreviousHidden: Bool = false
    ) {
        let H = hiddenSize, IH = concatenatedSize, skip = projection?.columns ?? 0
        let zeroGates = zeroPreviousHidden && skip == inputSize
        if zeroGates {
            // Zeroed row by row in the pointwise pass below.
        } else if packed, skip > 0, tailSkip == skip, let w = tailPackedTransposed {
            gemm(transposeA: false, m: batch, a: xh + skip, lda: IH, b: w, beta: 0, c: gates, ldc: 4 * H)
        } else if packed, skip == 0, let w = weight.packedTransposed {
            gemm(transposeA: false, m: batch, a: xh, lda: IH, b: w, beta: 0, c: gates, ldc: 4 * H)
        } else {
            gemm(transposeA: false, transposeB: true, m: batch, n: 4 * H, k: IH - skip,
                 a: xh + skip, lda: IH, b: weight.value.pointer + skip, ldb: IH, beta: 0, c: gates, ldc: 4 * H)
        }
        let b = bias.value.pointer, table = projection?.table, slots = projection?.slots
        // The pointwise work of a 64-row step (≈ 10 µs) is worth splitting over the pool's
        // threads, which would otherwise wait for it; rows are independent.
        WorkerPool.shared.parallelFor(rangesOf: batch, parts: Self.pointwiseParts(batch: batch, hiddenSize: H)) { rows in
            for r in rows {
                let g = gates + r &* 4 &* H
                let cp = previousCell + r &* H, c = cell + r &* H, tc = tanhCell + r &* H, h = hidden + r &* H
                if let active, !active[r] {
                    let hp = xh + (r &* IH &+ inputSize)
                    c.update(from: cp, count: H)
                    h.update(from: hp, count: H)
                    for j in 0..<H { tc[j] = 0 }
                    for j in 0..<(4 * H) { g[j] = 0 }
                    continue
                }
                // A projected embedding brings its own row of (embedding part + bias).
                if zeroGates { g.update(repeating: 0, count: 4 &* H) }
                var rowBias = UnsafePointer(b)
                if let table, let slots { rowBias = table + Int(slots[r]) &* 4 &* H }
                lstmPointwise(gates: g, bias: rowBias, previousCell: cp, cell: c, tanhCell: tc, hidden: h, hiddenSize: H)
            }
        }
    }

    /// How many pieces a step's pointwise work is split into: one per thread, but none for
    /// small steps (inference on a few sentences), where a hand-off costs more than it saves.
    static func pointwiseParts(batch: Int, hiddenSize: Int) -> Int {
        batch * hiddenSize >= 4096 ? WorkerPool.shared.threadCount : 1
    }

    /// Back-propagates one step.
    /// - Parameters:
    ///   - hiddenGradient: dL/dh of this step's output `[B, H]` (all paths summed).
    ///   - cellGradient: on entry dL/dc from the next step `[B, H]`; on exit dL/dc_prev.
    ///   - gateGradient: receives dL/dz `[B, 4H]`; keep it for `accumulateWeightGradient`.
    ///   - xhGradient: receives dL/d[x ; h_prev] `[B, I+H]` (overwritten; its first
    ///     `skippingInputColumns` columns are left as they are, or zeroed in padded rows).
    ///     With `skippingInputColumns` and `needsInputGradient: false` (nobody reads it: a
    ///     layer's first step), it is not written at all.
    public func backward(
        xh: UnsafePointer<Float>, previousCell: UnsafePointer<Float>, batch: Int,
        gates: UnsafePointer<Float>, tanhCell: UnsafePointer<Float>,
        hiddenGradient: UnsafePointer<Float>, cellGradient: UnsafeMutablePointer<Float>,
        gateGradient: UnsafeMutablePointer<Float>, xhGradient: UnsafeMutablePointer<Float>,
        active: UnsafePointer<Bool>? = nil, packed: Bool = false, skippingInputColumns skip: Int = 0,
        needsInputGradient: Bool = true
    ) {
        let H = hiddenSize, IH = concatenatedSize
        WorkerPool.shared.parallelFor(rangesOf: batch, parts: Self.pointwiseParts(batch: batch, hiddenSize: H)) { rows in
            for r in rows {
                let g = gates + r &* 4 &* H, dz = gateGradient + r &* 4 &* H
                let dh = hiddenGradient + r &* H, dc = cellGradient + r &* H
                if let active, !active[r] {
                    for j in 0..<(4 * H) { dz[j] = 0 }
                    continue
                }
                lstmPointwiseBackward(gates: g, previousCell: previousCell + r &* H, tanhCell: tanhCell + r &* H,
                                      hiddenGradient: dh, cellGradient: dc, gateGradient: dz, hiddenSize: H)
            }
        }
        if skip > 0 && !needsInputGradient { return }
        if packed, skip > 0, tailSkip == skip, let w = tailPacked {
            gemm(transposeA: false, m: batch, a: gateGradient, lda: 4 * H, b: w, beta: 0, c: xhGradient + skip, ldc: IH)
        } else if packed, skip == 0, let w = weight.packed {
            gemm(transposeA: false, m: batch, a: gateGradient, lda: 4 * H, b: w, beta: 0, c: xhGradient, ldc: IH)
        } else {
            gemm(transposeA: false, transposeB: false, m: batch, n: IH - skip, k: 4 * H, a: gateGradient, lda: 4 * H,
                 b: weight.value.pointer + skip, ldb: IH, beta: 0, c: xhGradient + skip, ldc: IH)
        }
        if let active {
            // Padded rows: the hidden-state gradient flows straight to the previous step.
            for r in 0..<batch where !active[r] {
                let dst = xhGradient + r &* IH
                for j in 0..<inputSize { dst[j] = 0 }
                (dst + inputSize).update(from: hiddenGradient + r &* H, count: H)
            }
        }
    }

    /// Adds the weight and bias gradients of `rows` stacked steps in one GEMM:
    /// dW += dZᵀ·XH, db += Σ dZ.
    /// With `skippingInputColumns`, those first columns of dW are left to a `TokenInputProjection`;
    /// `weightRows` limits dW to the rows whose `xh` is not zero there (the bias takes all rows).
    public func accumulateWeightGradient(gateGradients: UnsafePointer<Float>, xh: UnsafePointer<Float>, rows: Int,
                                         skippingInputColumns skip: Int = 0, weightRows: Range<Int>? = nil) {
        let H4 = 4 * hiddenSize, IH = concatenatedSize, used = weightRows ?? 0..<rows
        gemm(transposeA: true, transposeB: false, m: H4, n: IH - skip, k: used.count,
             a: gateGradients + used.lowerBound * H4, lda: H4, b: xh + used.lowerBound * IH + skip, ldb: IH,
             beta: 1, c: weight.gradient.pointer + skip, ldc: IH)
        accumulateColumnSums(of: gateGradients, rows: rows, columns: H4, into: bias.gradient.pointer)
    }
}

/// Where a cell step finds the embedding part of its gate pre-activations when a
/// `TokenInputProjection` computed it: row `r` of the step uses `table + slots[r]·4H`.
public struct ProjectedInput {
    /// `[U, 4H]`: per distinct token, its embedding's product plus the bias.
    public let table: UnsafePointer<Float>
    /// The table row of each of the step's rows.
    public let slots: UnsafePointer<Int32>
    /// The leading columns of `xh` (the embedding width) that the table replaces.
    public let columns: Int

    public init(table: UnsafePointer<Float>, slots: UnsafePointer<Int32>, columns: Int) {
        self.table = table
        self.slots = slots
        self.columns = columns
    }
}

/// The fused gate nonlinearities and state update of one row, 16 units at a time.
@inline(__always)
func lstmPointwise(
    gates g: UnsafeMutablePointer<Float>, bias b: UnsafePointer<Float>, previousCell cp: UnsafePointer<Float>,
    cell c: UnsafeMutablePointer<Float>, tanhCell tc: UnsafeMutablePointer<Float>,
    hidden h: UnsafeMutablePointer<Float>, hiddenSize H: Int
) {
    typealias V = SIMD16<Float>
    @inline(__always) func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    @inline(__always) func store(_ v: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
    var j = 0
    while j + 16 <= H {
        let i = FastMath.sigmoid(load(g + j) + load(b + j))
        let f = FastMath.sigmoid(load(g + H + j) + load(b + H + j))
        let gg = FastMath.tanh(load(g + 2 * H + j) + load(b + 2 * H + j))
        let o = FastMath.sigmoid(load(g + 3 * H + j) + load(b + 3 * H + j))
        store(i, g + j); store(f, g + H + j); store(gg, g + 2 * H + j); store(o, g + 3 * H + j)
        let cj = f * load(cp + j) + i * gg
        store(cj, c + j)
        let t = FastMath.tanh(cj)
        store(t, tc + j)
        store(o * t, h + j)
        j += 16
    }
    while j < H {
        let i = FastMath.sigmoid(g[j] + b[j])
        let f = FastMath.sigmoid(g[H &+ j] + b[H &+ j])
        let gg = FastMath.tanh(g[2 &* H &+ j] + b[2 &* H &+ j])
        let o = FastMath.sigmoid(g[3 &* H &+ j] + b[3 &* H &+ j])
        g[j] = i; g[H &+ j] = f; g[2 &* H &+ j] = gg; g[3 &* H &+ j] = o
        let cj = f * cp[j] + i * gg
        c[j] = cj
        let t = FastMath.tanh(cj)
        tc[j] = t
        h[j] = o * t
        j += 1
    }
}

/// The backward of `lstmPointwise` for one row, 16 units at a time: from dL/dh and the incoming
/// dL/dc, writes dL/dz for the four gates and replaces dL/dc by dL/dc_prev.
@inline(__always)
func lstmPointwiseBackward(
    gates g: UnsafePointer<Float>, previousCell cp: UnsafePointer<Float>, tanhCell tc: UnsafePointer<Float>,
    hiddenGradient dh: UnsafePointer<Float>, cellGradient dc: UnsafeMutablePointer<Float>,
    gateGradient dz: UnsafeMutablePointer<Float>, hiddenSize H: Int
) {
    typealias V = SIMD16<Float>
    @inline(__always) func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    @inline(__always) func store(_ v: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
    var j = 0
    while j &+ 16 <= H {
        let i = load(g + j), f = load(g + (H &+ j)), gg = load(g + (2 &* H &+ j)), o = load(g + (3 &* H &+ j))
        let t = load(tc + j), dhj = load(dh + j)
        let dcj = load(dc + j) + dhj * o * (1 - t * t)
        store(dcj * gg * i * (1 - i), dz + j)
        store(dcj * load(cp + j) * f * (1 - f), dz + (H &+ j))
        store(dcj * i * (1 - gg * gg), dz + (2 &* H &+ j))
        store(dhj * t * o * (1 - o), dz + (3 &* H &+ j))
        store(dcj * f, dc + j)
        j &+= 16
    }
    while j < H {
        let i = g[j], f = g[H &+ j], gg = g[2 &* H &+ j], o = g[3 &* H &+ j]
        let t = tc[j]
        let dcj = dc[j] + dh[j] * o * (1 - t * t)
        dz[j] = dcj * gg * i * (1 - i)
        dz[H &+ j] = dcj * cp[j] * f * (1 - f)
        dz[2 &* H &+ j] = dcj * i * (1 - gg * gg)
        dz[3 &* H &+ j] = dh[j] * t * o * (1 - o)
        dc[j] = dcj * f
        j &+= 1
    }
}
