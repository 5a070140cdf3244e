/// The B operand of `gemm`, packed once into the layout the micro-kernel streams through and
/// reused across many calls (for example a weight matrix across the time steps of a batch).
///
/// It holds op(B), a `depth × columns` matrix (`k × n` in `gemm` terms), as depth blocks of
/// `GemmTiling.depth` steps, each block a run of 32-column panels `[panel][step][32]`. After the
/// source matrix changes (an optimizer step), call `repack` to refresh the copy in place.
///
/// For a weight matrix `W` stored `[out, in]` (the nn.Linear layout), pack
/// `PackedMatrix(W, transposed: true)` for the forward product `X·Wᵀ`, and
/// `PackedMatrix(W, transposed: false)` for the backward product `dY·W`.
public final class PackedMatrix: @unchecked Sendable {
    /// Rows of op(B): the `k` of the products it takes part in.
    public let depth: Int
    /// Columns of op(B): the `n` of the products it takes part in.
    public let columns: Int
    /// Whether the source is stored transposed (`columns × depth`, row-major).
    public let transposed: Bool
    /// `columns` rounded up to whole panels.
    let paddedColumns: Int
    let storage: UnsafeMutablePointer<Float>

    /// Packs op(B) from `b` (row stride `ldb`): op(B) = B when `transposed` is false (B stored
    /// `depth × columns`), op(B) = Bᵀ when it is true (B stored `columns × depth`).
    public convenience init(depth: Int, columns: Int, b: UnsafePointer<Float>, ldb: Int, transposed: Bool,
                            pool: WorkerPool = .shared) {
        self.init(depth: depth, columns: columns, transposed: transposed)
        repack(b: b, ldb: ldb, pool: pool)
    }

    /// Packs a 2-D tensor: `matrix` itself as op(B) when `transposed` is false, its transpose
    /// when true. For a weight `W` of shape `[out, in]`, `transposed: true` gives op(B) = Wᵀ.
    public convenience init(_ matrix: Tensor, transposed: Bool, pool: WorkerPool = .shared) {
        let rows = matrix.rows, columns = matrix.columns
        self.init(depth: transposed ? columns : rows, columns: transposed ? rows : columns, transposed: transposed)
        repack(matrix, pool: pool)
    }

    private init(depth: Int, columns: Int, transposed: Bool) {
        self.depth = max(0, depth)
        self.columns = max(0, columns)
        self.transposed = transposed
        let panelColumns = GemmTiling.columns
        paddedColumns = (self.columns + panelColumns - 1) / panelColumns * panelColumns
        let count = max(1, self.depth * paddedColumns)
        storage = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
            .initializeMemory(as: Float.self, repeating: 0, count: count)
    }

    deinit {
        storage.deallocate()
    }

    /// Refreshes the packed copy from `b` (same shape and orientation as at creation).
    public func repack(b: UnsafePointer<Float>, ldb: Int, pool: WorkerPool = .shared) {
        Self.pack(b: b, ldb: ldb, transposed: transposed, depth: depth, columns: columns,
                  paddedColumns: paddedColumns, into: storage, pool: pool)
    }

    /// Packs op(B) (`depth × columns`) into `storage` in this type's layout, with
    /// `paddedColumns` (`columns` rounded up to whole panels) floats per depth step.
    static func pack(b: UnsafePointer<Float>, ldb: Int, transposed: Bool, depth: Int, columns: Int,
                     paddedColumns: Int, into storage: UnsafeMutablePointer<Float>, pool: WorkerPool) {
        let blockDepth = GemmTiling.depth
        let blockCount = (depth + blockDepth - 1) / blockDepth
        // Panels of 256 columns per task keep tasks big enough to be worth a hand-off.
        let columnsPerTask = 256
        let tasksPerBlock = (columns + columnsPerTask - 1) / columnsPerTask
        let taskCount = blockCount * tasksPerBlock
        let parallel = depth * columns >= 1 << 16
        let run = { (task: Int) in
            let block = task / tasksPerBlock
            let columnStart = (task % tasksPerBlock) * columnsPerTask
            let depthStart = block * blockDepth
            let stepCount = min(blockDepth, depth - depthStart)
            gemmPackB(b, ldb: ldb, transposed: transposed,
                  depthStart: depthStart, depth: stepCount,
                  columnStart: columnStart, columnCount: min(columnsPerTask, columns - columnStart),
                  into: storage + depthStart * paddedColumns + columnStart * stepCount)
        }
        if parallel {
            pool.parallelFor(taskCount, run)
        } else {
            for task in 0..<taskCount { run(task) }
        }
    }

    /// Refreshes the packed copy from a 2-D tensor of the shape given at creation.
    public func repack(_ matrix: Tensor, pool: WorkerPool = .shared) {
        precondition(matrix.count == depth * columns && matrix.columns == (transposed ? depth : columns),
                     "PackedMatrix.repack: tensor shape \(matrix.shape) does not match the packed shape")
        matrix.scalars.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { repack(b: base, ldb: matrix.columns, pool: pool) }
        }
    }

    /// The packed panels of the depth block starting at `depthStart`, from column `columnStart`
    /// (a multiple of 32) on.
    func panels(depthStart: Int, depth stepCount: Int, columnStart: Int) -> UnsafePointer<Float> {
        UnsafePointer(storage + depthStart * paddedColumns + columnStart * stepCount)
    }
}
