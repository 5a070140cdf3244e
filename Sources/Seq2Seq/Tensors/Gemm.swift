/// `C = alpha·op(A)·op(B) + beta·C` on row-major float matrices, the workhorse of every layer.
///
/// op(A) is `m×k` (A stored `k×m` when `transposeA`), op(B) is `k×n` (B stored `n×k` when
/// `transposeB`); `lda`, `ldb`, `ldc` are the row strides of the stored matrices. When `beta` is
/// 0, C is write-only (old contents, even NaN, are ignored). Same contract as `referenceGemm`.
///
/// Large products run a cache-blocked, register-tiled SIMD micro-kernel (the tile that fits this
/// CPU's vector registers: `GemmRegisterTile.preferred`) split over `WorkerPool.shared` by
/// column or row panels, with B packed into panels and A read in place when it is row-major
/// (packed when transposed); results are bitwise identical for any thread count, either way of
/// reading A and either tile. When the same B is used many times (weights across time
/// steps), pack it once into a `PackedMatrix` and call the overload taking it.
public func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
         a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, pool: .shared)
}

/// `gemm` on an explicit worker pool (for example a one-thread pool), optionally with a given
/// register tile (tests and benchmarks run both).
public func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, pool: WorkerPool,
    tile: GemmRegisterTile = .preferred
) {
    guard m > 0, n > 0 else { return }
    let problem = GemmProblem(
        transposeA: transposeA, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
        b: .unpacked(b, ldb: ldb, transposed: transposeB), beta: beta, c: c, ldc: ldc, tile: tile)
    problem.run(on: pool)
}

/// `C = alpha·op(A)·B + beta·C` with B pre-packed: op(B) is `b`, so `n = b.columns` and
/// `k = b.depth`. Gives bitwise the same result as the unpacked `gemm` on the same operands.
///
/// For a layer with weight `W` stored `[out, in]`: forward `Y = X·Wᵀ` is
/// `gemm(transposeA: false, m: batch, a: X, lda: in, b: PackedMatrix(W, transposed: true), …)`,
/// backward `dX = dY·W` is `gemm(transposeA: false, m: batch, a: dY, lda: out,
/// b: PackedMatrix(W, transposed: false), …)`.
public func gemm(
    transposeA: Bool, m: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    b: PackedMatrix, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
    pool: WorkerPool = .shared, tile: GemmRegisterTile = .preferred
) {
    guard m > 0, b.columns > 0 else { return }
    let problem = GemmProblem(
        transposeA: transposeA, m: m, n: b.columns, k: b.depth, alpha: alpha, a: a, lda: lda,
        b: .packed(b), beta: beta, c: c, ldc: ldc, tile: tile)
    problem.run(on: pool)
}

/// Where the B operand comes from.
enum GemmOperandB {
    case unpacked(UnsafePointer<Float>, ldb: Int, transposed: Bool)
    case packed(PackedMatrix)
    /// op(B) packed by the call itself, in `PackedMatrix`'s layout.
    case packedPanels(UnsafePointer<Float>, paddedColumns: Int)

    /// The panels of one depth block from `columnStart` on, when B is packed.
    func panels(depthStart: Int, depth: Int, columnStart: Int) -> UnsafePointer<Float>? {
        switch self {
        case .unpacked: nil
        case let .packed(matrix): matrix.panels(depthStart: depthStart, depth: depth, columnStart: columnStart)
        case let .packedPanels(storage, paddedColumns): storage + depthStart * paddedColumns + columnStart * depth
        }
    }
}

/// One `gemm` call, split into independent rectangles of C.
struct GemmProblem {
    let transposeA: Bool
    let m: Int, n: Int, k: Int
    let alpha: Float
    let a: UnsafePointer<Float>
    let lda: Int
    let b: GemmOperandB
    let beta: Float
    let c: UnsafeMutablePointer<Float>
    let ldc: Int
    let tile: GemmRegisterTile

    /// Below this many multiply-adds a call is not worth a thread hand-off.
    static let parallelWork = 1 << 18
    /// Problems this small skip packing altogether when B is read in place (a transposed B is
    /// cheaper to pack than to gather once A has a full tile of rows).
    static let tinyWork = 1 << 12
    /// Parts per thread when splitting C: several, so that a worker descheduled by another
    /// process holds up only a small share while the other threads take the rest.
    static let partsPerThread = 4
    /// Up to this many floats of A are packed by the calling thread alone.
    static let serialPackingLimit = 1 << 14
    /// Most floats of B packed once for a whole call split by rows (larger B is packed by each part).
    static let sharedPackedBLimit = 1 << 22
    /// Most floats of packed A per pass over the rows (larger A is handled in row chunks).
    static let packedALimit = 1 << 20

    func run(on pool: WorkerPool) {
        if k == 0 {
            scaleC()
            return
        }
        let work = m * n * k
        let threads = work >= Self.parallelWork ? pool.threadCount : 1
        if case let .unpacked(pointer, ldb, transposed) = b,
           m < tile.rows || (work <= Self.tinyWork && !transposed) {
            // Short A (fewer rows than a tile) or a tiny product: read B in place (or pack a chunk).
            let chunk = GemmRowwise.columnChunk
            let chunkCount = (n + chunk - 1) / chunk
            let parts = threads == 1 ? 1 : min(chunkCount, threads * Self.partsPerThread)
            pool.parallelFor(parts) { part in
                let first = chunkCount * part / parts, last = chunkCount * (part + 1) / parts
                GemmRowwise.multiply(
                    self, b: pointer, ldb: ldb, transposeB: transposed,
                    columns: (first * chunk)..<min(n, last * chunk))
            }
            return
        }
        if case let .unpacked(pointer, ldb, transposed) = b, threads > 1, 2 * n < m {
            // Split by rows, every part would pack all of B for itself: pack it once, together
            // (measured: lstm training steps 2 % faster, median of 6 alternating pairs).
            let paddedColumns = Self.roundUp(n, GemmTiling.columns)
            if k * paddedColumns <= Self.sharedPackedBLimit {
                GemmScratch.with { shared in
                    shared.reservePackedWholeB(k * paddedColumns)
                    PackedMatrix.pack(b: pointer, ldb: ldb, transposed: transposed, depth: k, columns: n,
                                      paddedColumns: paddedColumns, into: shared.packedWholeB, pool: pool)
                    let problem = GemmProblem(
                        transposeA: transposeA, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                        b: .packedPanels(UnsafePointer(shared.packedWholeB), paddedColumns: paddedColumns),
                        beta: beta, c: c, ldc: ldc, tile: tile)
                    problem.run(on: pool)
                }
                return
            }
        }
        if !transposeA {
            // The micro-kernel reads a row-major A in place: no packing pass and no extra
            // hand-off (measured: about 6 % faster lstm and bahdanau training steps).
            multiplyRows(0..<m, packedA: nil, threads: threads, pool: pool)
            return
        }
        let blockRows = tile.rowBlock
        let chunkRows = max(blockRows, Self.packedALimit / k / blockRows * blockRows)
        GemmScratch.with { shared in
            shared.reservePackedA(Self.roundUp(min(m, chunkRows), tile.rows) * k)
            var chunkStart = 0
            while chunkStart < m {
                let rows = chunkStart..<min(m, chunkStart + chunkRows)
                packRows(rows, into: shared.packedA, threads: threads, pool: pool)
                multiplyRows(rows, packedA: UnsafePointer(shared.packedA), threads: threads, pool: pool)
                chunkStart = rows.upperBound
            }
        }
    }

    private static func roundUp(_ value: Int, _ multiple: Int) -> Int {
        (value + multiple - 1) / multiple * multiple
    }

    /// C = beta·C for an empty inner dimension (written as the shared final step with sum 0).
    private func scaleC() {
        for i in 0..<m {
            let row = c + i * ldc
            for j in 0..<n { gemmCombine(0, into: row + j, alpha: alpha, beta: beta) }
        }
    }

    /// Packs op(A) for `rows` (all depth blocks) into `destination`: the depth block starting
    /// at `p` begins at `p · paddedRows` and holds panels of the tile's height `[panel][step][rows]`.
    private func packRows(_ rows: Range<Int>, into destination: UnsafeMutablePointer<Float>,
                          threads: Int, pool: WorkerPool) {
        let depthBlock = GemmTiling.depth, groupRows = tile.rowBlock
        let paddedRows = Self.roundUp(rows.count, tile.rows)
        let depthBlocks = (k + depthBlock - 1) / depthBlock
        let groups = (rows.count + groupRows - 1) / groupRows
        // Packing a short A takes microseconds: cheaper on the calling thread than a separate
        // hand-off to the pool.
        let parallel = threads > 1 && rows.count * k > Self.serialPackingLimit
        let pack = { (task: Int) in
            let depthStart = (task / groups) * depthBlock
            let depth = min(depthBlock, k - depthStart)
            let rowOffset = (task % groups) * groupRows
            let rowStart = rows.lowerBound + rowOffset, rowCount = min(groupRows, rows.count - rowOffset)
            let target = destination + depthStart * paddedRows + rowOffset * depth
            if tile == .wide {
                gemmPackA(a, lda: lda, transposed: transposeA, rowStart: rowStart, rowCount: rowCount,
                          depthStart: depthStart, depth: depth, into: target)
            } else {
                gemmPackANarrow(a, lda: lda, transposed: transposeA, rowStart: rowStart, rowCount: rowCount,
                                depthStart: depthStart, depth: depth, into: target)
            }
        }
        if parallel {
            pool.parallelFor(depthBlocks * groups, pack)
        } else {
            for task in 0..<(depthBlocks * groups) { pack(task) }
        }
    }

    /// Computes the rows `rows` of C from their packed A (nil: A itself), split into parts by
    /// column panels unless C is much taller than wide. (Each column part re-reads all of A,
    /// each row part packs all of B; re-reading is the cheaper of the two.) Parts start on tile
    /// boundaries, so the tile grid (and with it every result bit) is the same whatever the split.
    private func multiplyRows(_ rows: Range<Int>, packedA: UnsafePointer<Float>?, threads: Int, pool: WorkerPool) {
        let panelRows = tile.rows, panelColumns = GemmTiling.columns
        let rowPanels = (rows.count + panelRows - 1) / panelRows
        let columnPanels = (n + panelColumns - 1) / panelColumns
        let paddedRows = rowPanels * panelRows
        let byColumns = 2 * n >= rows.count
        let panels = byColumns ? columnPanels : rowPanels
        let parts = threads == 1 ? 1 : min(panels, threads * Self.partsPerThread)
        pool.parallelFor(parts) { part in
            let first = panels * part / parts, last = panels * (part + 1) / parts
            if byColumns {
                multiplyBlock(rows: 0..<rows.count, columns: (first * panelColumns)..<min(n, last * panelColumns),
                              rowOrigin: rows.lowerBound, packedA: packedA, paddedRows: paddedRows)
            } else {
                multiplyBlock(rows: (first * panelRows)..<min(rows.count, last * panelRows), columns: 0..<n,
                              rowOrigin: rows.lowerBound, packedA: packedA, paddedRows: paddedRows)
            }
        }
    }

    /// The cache-blocked loop nest over one rectangle of C. `rows` count from `rowOrigin`,
    /// the first row of the packed A (`paddedRows` rows per depth block), or of A itself when
    /// `packedA` is nil (a row-major A read in place).
    private func multiplyBlock(rows: Range<Int>, columns: Range<Int>, rowOrigin: Int,
                               packedA: UnsafePointer<Float>?, paddedRows: Int) {
        GemmScratch.with { scratch in
            let depthBlock = GemmTiling.depth
            // Column blocks keep a packed block of B in L2 while A blocks stream past it. A
            // pre-packed B needs no copy and one A block needs no reuse, so then take all columns.
            var columnBlock = GemmTiling.columnBlock
            if case .unpacked = b {} else if rows.count <= tile.rowBlock { columnBlock = columns.count }
            var columnStart = columns.lowerBound
            while columnStart < columns.upperBound {
                let columnCount = min(columnBlock, columns.upperBound - columnStart)
                var depthStart = 0
                while depthStart < k {
                    let depth = min(depthBlock, k - depthStart)
                    let panelsB: UnsafePointer<Float>
                    if case let .unpacked(pointer, ldb, transposed) = b {
                        gemmPackB(pointer, ldb: ldb, transposed: transposed,
                              depthStart: depthStart, depth: depth,
                              columnStart: columnStart, columnCount: columnCount, into: scratch.packedB, tile: tile)
                        panelsB = UnsafePointer(scratch.packedB)
                    } else {
                        panelsB = b.panels(depthStart: depthStart, depth: depth, columnStart: columnStart)!
                    }
                    let blockBeta = depthStart == 0 ? beta : 1
                    var rowStart = rows.lowerBound
                    while rowStart < rows.upperBound {
                        let rowCount = min(tile.rowBlock, rows.upperBound - rowStart)
                        let panelsA = packedA.map { $0 + depthStart * paddedRows + rowStart * depth }
                            ?? a + (rowOrigin + rowStart) * lda + depthStart
                        let blockC = c + (rowOrigin + rowStart) * ldc + columnStart
                        if tile == .wide {
                            gemmMacroKernel(
                                rows: rowCount, columns: columnCount, depth: depth,
                                a: panelsA, lda: packedA == nil ? lda : 0, b: panelsB, c: blockC, ldc: ldc,
                                alpha: alpha, beta: blockBeta, edgeTile: scratch.edgeTile)
                        } else {
                            gemmNarrowMacroKernel(
                                rows: rowCount, columns: columnCount, depth: depth,
                                a: panelsA, lda: packedA == nil ? lda : 0, b: panelsB, c: blockC, ldc: ldc,
                                alpha: alpha, beta: blockBeta, edgeTile: scratch.edgeTile)
                        }
                        rowStart += rowCount
                    }
                    depthStart += depth
                }
                columnStart += columnCount
            }
        }
    }
}
