/// A trainable tensor: its value, the gradient accumulated by `backward`, and Adam's moments.
public final class Parameter {
    /// A stable name, used as the tensor name in checkpoints (e.g. `encoder.embedding`).
    public let name: String
    /// The shape, outermost first (weights are `[out, in]`).
    public let shape: [Int]
    /// The current value.
    public let value: FloatBuffer
    /// The gradient; layers accumulate into it, the optimizer reads and clears it.
    public let gradient: FloatBuffer
    /// Adam's first and second moment estimates.
    public let firstMoment: FloatBuffer
    public let secondMoment: FloatBuffer

    /// A zero-initialised parameter.
    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
        let count = shape.reduce(1, *)
        value = FloatBuffer(count: count)
        gradient = FloatBuffer(count: count)
        firstMoment = FloatBuffer(count: count)
        secondMoment = FloatBuffer(count: count)
    }

    /// The number of scalars.
    public var count: Int { value.count }

    /// For a table whose backward pass writes only some rows (an embedding), the rows written
    /// since the optimizer last cleared the gradient; nil for dense gradients.
    public private(set) var gradientRows: GradientRows?

    /// `gradientRows` when the skipping passes (Adam, the gradient norm) may use it.
    var skippableGradientRows: GradientRows? { gradientRows.flatMap { $0.isUsable ? $0 : nil } }

    /// Sets the gradient to zero (and forgets which rows were written).
    public func zeroGradient() {
        gradient.zero()
        gradientRows?.clear()
    }

    /// Starts recording which rows of this matrix's gradient are written (see `GradientRows`).
    /// Every writer of the gradient must then mark its rows.
    public func trackGradientRows() {
        precondition(shape.count == 2, "only matrices have rows")
        if gradientRows == nil { gradientRows = GradientRows(rows: shape[0], rowLength: shape[1]) }
    }

    /// Fills the value uniformly from [-limit, limit) (nothing with
    /// `RandomGenerator.forOverwrittenWeights`).
    public func initializeUniform(limit: Float, using random: inout RandomGenerator) {
        guard random.initializesWeights else { return }
        let p = value.pointer
        for i in 0..<count { p[i] = random.nextUniform(limit: limit) }
    }

    /// Packed copies of a 2-D weight `W` (`[out, in]`) for the GEMM micro-kernel: `Wᵀ` for
    /// forward products `X·Wᵀ`, `W` for backward products `dY·W`. They are snapshots: call
    /// `pack` after the value changes (layers do it once per batch, then reuse the copies across
    /// all time steps, which saves re-packing on every per-step GEMM).
    public private(set) var packedTransposed: PackedMatrix?
    public private(set) var packed: PackedMatrix?

    /// Refreshes the packed snapshot(s) from the current value.
    public func pack(forBackward: Bool) {
        precondition(shape.count == 2, "only matrices are packed")
        let rows = shape[0], columns = shape[1]
        if let p = packedTransposed { p.repack(b: value.pointer, ldb: columns) }
        else { packedTransposed = PackedMatrix(depth: columns, columns: rows, b: value.pointer, ldb: columns, transposed: true) }
        guard forBackward else { return }
        if let p = packed { p.repack(b: value.pointer, ldb: columns) }
        else { packed = PackedMatrix(depth: rows, columns: columns, b: value.pointer, ldb: columns, transposed: false) }
    }

    /// The value as a `Tensor` (for checkpoints and tests).
    public var tensor: Tensor { Tensor(shape: shape, scalars: value.array) }
}
