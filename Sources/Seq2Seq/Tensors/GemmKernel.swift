/// The register-blocked core of `gemm`: the wide 8×32 micro-kernel (`GemmRegisterTile.wide`;
/// the narrow one is in `GemmNarrowKernel.swift`) and the routines that pack operands into the
/// layouts both stream through.
///
/// Every element of C is computed the same way on every path (micro-kernel, edge tiles, the
/// row-wise path for short A, any thread count): for each depth block of `GemmTiling.depth`,
/// a fused multiply-add chain in increasing depth order starting from zero, then
/// `C = beta·C + alpha·sum` as one fused multiply-add (`C = alpha·sum` when beta is 0; beta is
/// 1 for the second and later depth blocks). That is what makes results bitwise reproducible.
enum GemmTiling {
    /// Columns of a packed B panel: two 16-lane vectors, the wide tile's width (the narrow
    /// tile takes one half at a time).
    static let columns = 32
    /// Depth of a cache block (k per pass); also fixes where partial sums are written to C.
    static let depth = 256
    /// Columns of B per cache block: a 256-deep block of 128 columns (128 KB) stays in L2
    /// while every row block of A passes it, instead of coming from the shared L3 once per row
    /// block. Measured on the AVX2 machine: training steps with the 512 × 5,661 output layer
    /// 9 % faster than with 1,024 columns, the smaller shapes the same or slightly faster.
    static let columnBlock = 128
}

typealias GemmVector = SIMD16<Float>

@inline(__always)
func gemmLoad(_ pointer: UnsafePointer<Float>) -> GemmVector {
    UnsafeRawPointer(pointer).loadUnaligned(as: GemmVector.self)
}

@inline(__always)
func gemmStore(_ vector: GemmVector, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: GemmVector.self)
}

/// Loads `count` (≤ 16) floats spaced `stride` apart, zero-filling the remaining lanes.
@inline(__always)
func gemmLoadPartial(_ pointer: UnsafePointer<Float>, count: Int, stride: Int = 1) -> GemmVector {
    var vector = GemmVector()
    for lane in 0..<count { vector[lane] = pointer[lane &* stride] }
    return vector
}

/// The final write of a row of elements, shared by every path and both tiles' vector widths
/// (see the type comment).
@inline(__always)
func gemmCombine<Vector: SIMD>(_ sum: Vector, into pointer: UnsafeMutablePointer<Float>, alpha: Float, beta: Float)
where Vector.Scalar == Float {
    let raw = UnsafeMutableRawPointer(pointer)
    if beta == 0 {
        raw.storeBytes(of: alpha * sum, as: Vector.self)
    } else {
        let old = UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
        raw.storeBytes(of: (beta * old).addingProduct(alpha, sum), as: Vector.self)
    }
}

@inline(__always)
func gemmCombine(_ sum: Float, into pointer: UnsafeMutablePointer<Float>, alpha: Float, beta: Float) {
    pointer.pointee = beta == 0 ? alpha * sum : (beta * pointer.pointee).addingProduct(alpha, sum)
}

// MARK: - Micro-kernel

/// The sixteen accumulators of an 8×32 tile, row by row (two vectors per row).
typealias GemmTile = (
    GemmVector, GemmVector, GemmVector, GemmVector, GemmVector, GemmVector, GemmVector, GemmVector,
    GemmVector, GemmVector, GemmVector, GemmVector, GemmVector, GemmVector, GemmVector, GemmVector
)

/// Writes a finished tile into C with the shared final step (`gemmCombine`).
@inline(__always)
func gemmCombineTile(_ t: GemmTile, into c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float) {
    @inline(__always) func put(_ row: Int, _ left: GemmVector, _ right: GemmVector) {
        let pointer = c + row &* ldc
        gemmCombine(left, into: pointer, alpha: alpha, beta: beta)
        gemmCombine(right, into: pointer + 16, alpha: alpha, beta: beta)
    }
    put(0, t.0, t.1); put(1, t.2, t.3); put(2, t.4, t.5); put(3, t.6, t.7)
    put(4, t.8, t.9); put(5, t.10, t.11); put(6, t.12, t.13); put(7, t.14, t.15)
}

/// `C[8×32] = beta·C + alpha·A·B` for one depth block: `a` is packed `[depth][8]`, `b` is
/// packed `[depth][32]`; sixteen 16-lane accumulators stay in registers for the whole loop.
@inline(never)
func gemmMicroKernel(
    depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
) {
    var c00 = GemmVector(), c01 = GemmVector(), c10 = GemmVector(), c11 = GemmVector()
    var c20 = GemmVector(), c21 = GemmVector(), c30 = GemmVector(), c31 = GemmVector()
    var c40 = GemmVector(), c41 = GemmVector(), c50 = GemmVector(), c51 = GemmVector()
    var c60 = GemmVector(), c61 = GemmVector(), c70 = GemmVector(), c71 = GemmVector()
    var pa = a
    var pb = UnsafeRawPointer(b)
    for _ in 0..<depth {
        let b0 = pb.loadUnaligned(as: GemmVector.self)
        let b1 = pb.loadUnaligned(fromByteOffset: 64, as: GemmVector.self)
        c00 = c00.addingProduct(pa[0], b0); c01 = c01.addingProduct(pa[0], b1)
        c10 = c10.addingProduct(pa[1], b0); c11 = c11.addingProduct(pa[1], b1)
        c20 = c20.addingProduct(pa[2], b0); c21 = c21.addingProduct(pa[2], b1)
        c30 = c30.addingProduct(pa[3], b0); c31 = c31.addingProduct(pa[3], b1)
        c40 = c40.addingProduct(pa[4], b0); c41 = c41.addingProduct(pa[4], b1)
        c50 = c50.addingProduct(pa[5], b0); c51 = c51.addingProduct(pa[5], b1)
        c60 = c60.addingProduct(pa[6], b0); c61 = c61.addingProduct(pa[6], b1)
        c70 = c70.addingProduct(pa[7], b0); c71 = c71.addingProduct(pa[7], b1)
        pa += 8
        pb += 128
    }
    gemmCombineTile((c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71),
                    into: c, ldc: ldc, alpha: alpha, beta: beta)
}

/// The micro-kernel reading A in place: row `i` of the tile is `a + i·lda` (rows past `rows`
/// repeat row 0 and are discarded by the caller), so a row-major A needs no packing. Same
/// multiply-add chain as `gemmMicroKernel`, hence bitwise the same result.
@inline(never)
func gemmMicroKernelDirectA(
    depth: Int, a: UnsafePointer<Float>, lda: Int, rows: Int, b: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
) {
    @inline(__always) func row(_ i: Int) -> UnsafePointer<Float> { i < rows ? a + i &* lda : a }
    let a0 = a, a1 = row(1), a2 = row(2), a3 = row(3), a4 = row(4), a5 = row(5), a6 = row(6), a7 = row(7)
    var c00 = GemmVector(), c01 = GemmVector(), c10 = GemmVector(), c11 = GemmVector()
    var c20 = GemmVector(), c21 = GemmVector(), c30 = GemmVector(), c31 = GemmVector()
    var c40 = GemmVector(), c41 = GemmVector(), c50 = GemmVector(), c51 = GemmVector()
    var c60 = GemmVector(), c61 = GemmVector(), c70 = GemmVector(), c71 = GemmVector()
    var pb = UnsafeRawPointer(b)
    for p in 0..<depth {
        let b0 = pb.loadUnaligned(as: GemmVector.self)
        let b1 = pb.loadUnaligned(fromByteOffset: 64, as: GemmVector.self)
        c00 = c00.addingProduct(a0[p], b0); c01 = c01.addingProduct(a0[p], b1)
        c10 = c10.addingProduct(a1[p], b0); c11 = c11.addingProduct(a1[p], b1)
        c20 = c20.addingProduct(a2[p], b0); c21 = c21.addingProduct(a2[p], b1)
        c30 = c30.addingProduct(a3[p], b0); c31 = c31.addingProduct(a3[p], b1)
        c40 = c40.addingProduct(a4[p], b0); c41 = c41.addingProduct(a4[p], b1)
        c50 = c50.addingProduct(a5[p], b0); c51 = c51.addingProduct(a5[p], b1)
        c60 = c60.addingProduct(a6[p], b0); c61 = c61.addingProduct(a6[p], b1)
        c70 = c70.addingProduct(a7[p], b0); c71 = c71.addingProduct(a7[p], b1)
        pb += 128
    }
    gemmCombineTile((c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71),
                    into: c, ldc: ldc, alpha: alpha, beta: beta)
}

/// Runs the micro-kernel over every tile of an `rows × columns` block of C whose A rows are
/// packed in `a` (8-row panels) and whose B columns are packed in `b` (32-column panels).
/// Partial tiles are computed into `edgeTile` (8×32 floats) and copied out element by element.
/// With `lda` > 0, `a` is row-major A itself (row stride `lda`) instead of packed panels.
func gemmMacroKernel(
    rows: Int, columns: Int, depth: Int,
    a: UnsafePointer<Float>, lda: Int = 0, b: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float,
    edgeTile: UnsafeMutablePointer<Float>
) {
    let tileRows = GemmRegisterTile.wide.rows, tileColumns = GemmRegisterTile.wide.columns
    var column = 0
    while column < columns {
        let panelB = b + column &* depth
        let width = min(tileColumns, columns &- column)
        var row = 0
        while row < rows {
            let height = min(tileRows, rows &- row)
            let tile = c + (row &* ldc &+ column)
            // Full tiles go straight to C; edge tiles through `edgeTile`, then element by element.
            let full = height == tileRows && width == tileColumns
            let out = full ? tile : edgeTile, ldOut = full ? ldc : tileColumns
            let (outAlpha, outBeta) = full ? (alpha, beta) : (1, 0)
            if lda > 0 {
                gemmMicroKernelDirectA(depth: depth, a: a + row &* lda, lda: lda, rows: height, b: panelB,
                                       c: out, ldc: ldOut, alpha: outAlpha, beta: outBeta)
            } else {
                gemmMicroKernel(depth: depth, a: a + row &* depth, b: panelB, c: out, ldc: ldOut, alpha: outAlpha, beta: outBeta)
            }
            if !full {
                gemmCombineEdgeTile(edgeTile, stride: tileColumns, rows: height, columns: width,
                                    into: tile, ldc: ldc, alpha: alpha, beta: beta)
            }
            row &+= tileRows
        }
        column &+= tileColumns
    }
}

/// Writes the `rows × columns` corner of an edge tile computed with alpha 1 and beta 0 (row
/// stride `stride`) into C with the shared final step.
@inline(__always)
func gemmCombineEdgeTile(
    _ edgeTile: UnsafePointer<Float>, stride: Int, rows: Int, columns: Int,
    into c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
) {
    for i in 0..<rows {
        for j in 0..<columns {
            gemmCombine(edgeTile[i &* stride &+ j], into: c + (i &* ldc &+ j), alpha: alpha, beta: beta)
        }
    }
}

// MARK: - Packing

/// Transposes a 16×16 block held in sixteen row vectors: afterwards `r[j]` holds column `j`.
/// Four rounds of pairwise de-interleaving; round `s` pairs the vectors whose indices differ
/// in bit `s`, which moves one bit of the row index into the lane index per round.
@inline(__always)
func gemmTranspose16x16(_ r: inout (
    GemmVector, GemmVector, GemmVector, GemmVector, GemmVector, GemmVector, GemmVector, GemmVector,
    GemmVector, GemmVector, GemmVector, GemmVector, GemmVector, GemmVector, GemmVector, GemmVector
)) {
    @inline(__always)
    func split(_ x: inout GemmVector, _ y: inout GemmVector) {
        let joined = SIMD32<Float>(lowHalf: x, highHalf: y)
        x = joined.evenHalf
        y = joined.oddHalf
    }
    split(&r.0, &r.1); split(&r.2, &r.3); split(&r.4, &r.5); split(&r.6, &r.7)
    split(&r.8, &r.9); split(&r.10, &r.11); split(&r.12, &r.13); split(&r.14, &r.15)
    split(&r.0, &r.2); split(&r.1, &r.3); split(&r.4, &r.6); split(&r.5, &r.7)
    split(&r.8, &r.10); split(&r.9, &r.11); split(&r.12, &r.14); split(&r.13, &r.15)
    split(&r.0, &r.4); split(&r.1, &r.5); split(&r.2, &r.6); split(&r.3, &r.7)
    split(&r.8, &r.12); split(&r.9, &r.13); split(&r.10, &r.14); split(&r.11, &r.15)
    split(&r.0, &r.8); split(&r.1, &r.9); split(&r.2, &r.10); split(&r.3, &r.11)
    split(&r.4, &r.12); split(&r.5, &r.13); split(&r.6, &r.14); split(&r.7, &r.15)
}

/// Reads a `rowCount × columnCount` (each ≤ 16) block starting at `source` with row stride
/// `stride`, transposes it and hands column `j` (as a vector over the rows, zero beyond
/// `rowCount`) to `store(j, vector)` for `j < columnCount`.
@inline(__always)
func gemmTransposeBlock(
    _ source: UnsafePointer<Float>, stride: Int, rowCount: Int, columnCount: Int,
    _ store: (Int, GemmVector) -> Void
) {
    if rowCount == 16 && columnCount == 16 {
        gemmTransposeFullBlock(source, stride: stride, store)
        return
    }
    // Edges: through a zero-padded 16×16 staging block on the stack.
    withUnsafeTemporaryAllocation(of: GemmVector.self, capacity: 16) { block in
        let rows = block.baseAddress!
        for i in 0..<16 {
            let line = source + i &* stride
            rows[i] = i >= rowCount ? GemmVector()
                : columnCount == 16 ? gemmLoad(line) : gemmLoadPartial(line, count: columnCount)
        }
        let base = UnsafeRawPointer(rows).assumingMemoryBound(to: Float.self)
        gemmTransposeFullBlock(base, stride: 16) { j, vector in
            if j < columnCount { store(j, vector) }
        }
    }
}

/// The 16×16 case of `gemmTransposeBlock`, straight-line so that it stays in registers.
@inline(__always)
func gemmTransposeFullBlock(_ source: UnsafePointer<Float>, stride: Int, _ store: (Int, GemmVector) -> Void) {
    let s = stride
    var r = (gemmLoad(source), gemmLoad(source + s), gemmLoad(source + 2 &* s), gemmLoad(source + 3 &* s),
             gemmLoad(source + 4 &* s), gemmLoad(source + 5 &* s), gemmLoad(source + 6 &* s),
             gemmLoad(source + 7 &* s), gemmLoad(source + 8 &* s), gemmLoad(source + 9 &* s),
             gemmLoad(source + 10 &* s), gemmLoad(source + 11 &* s), gemmLoad(source + 12 &* s),
             gemmLoad(source + 13 &* s), gemmLoad(source + 14 &* s), gemmLoad(source + 15 &* s))
    gemmTranspose16x16(&r)
    store(0, r.0); store(1, r.1); store(2, r.2); store(3, r.3)
    store(4, r.4); store(5, r.5); store(6, r.6); store(7, r.7)
    store(8, r.8); store(9, r.9); store(10, r.10); store(11, r.11)
    store(12, r.12); store(13, r.13); store(14, r.14); store(15, r.15)
}

/// Packs rows `rowStart ..< rowStart + rowCount` and depth `depthStart ..< depthStart + depth`
/// of op(A) into 8-row panels laid out `[panel][depth][8]`, zero-padding the last panel.
/// (Out of line: inlined into bigger callers, the compiler stops inlining the shuffles.)
@inline(never)
func gemmPackA(
    _ a: UnsafePointer<Float>, lda: Int, transposed: Bool,
    rowStart: Int, rowCount: Int, depthStart: Int, depth: Int,
    into destination: UnsafeMutablePointer<Float>
) {
    let panelRows = GemmRegisterTile.wide.rows
    if transposed {
        // op(A)[i][p] = A[p][i]: each depth step is a contiguous run of rows. Two panels at a
        // time, so that each depth step reads one whole cache line instead of half of one.
        var row = 0
        while row &+ 2 &* panelRows <= rowCount {
            let first = destination + row &* depth, second = first + panelRows &* depth
            let source = a + (depthStart &* lda &+ rowStart &+ row)
            for p in 0..<depth {
                let line = gemmLoad(source + p &* lda)
                UnsafeMutableRawPointer(first + p &* panelRows).storeBytes(of: line.lowHalf, as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(second + p &* panelRows).storeBytes(of: line.highHalf, as: SIMD8<Float>.self)
            }
            row &+= 2 &* panelRows
        }
        while row < rowCount {
            let height = min(panelRows, rowCount &- row)
            let panel = destination + row &* depth
            let source = a + (depthStart &* lda &+ rowStart &+ row)
            for p in 0..<depth {
                let line = source + p &* lda
                let target = panel + p &* panelRows
                if height == panelRows {
                    UnsafeMutableRawPointer(target).storeBytes(
                        of: UnsafeRawPointer(line).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
                } else {
                    for i in 0..<panelRows { target[i] = i < height ? line[i] : 0 }
                }
            }
            row &+= panelRows
        }
        return
    }
    // op(A)[i][p] = A[i][p]: transpose 16 rows (two panels) × 16 depth steps at a time.
    var row = 0
    while row < rowCount {
        let height = min(16, rowCount &- row)
        let firstPanel = destination + row &* depth
        let secondPanel = firstPanel + panelRows &* depth
        let hasSecondPanel = height > panelRows
        var p = 0
        while p < depth {
            let width = min(16, depth &- p)
            let source = a + ((rowStart &+ row) &* lda &+ depthStart &+ p)
            gemmTransposeBlock(source, stride: lda, rowCount: height, columnCount: width) { j, column in
                let offset = (p &+ j) &* panelRows
                UnsafeMutableRawPointer(firstPanel + offset).storeBytes(of: column.lowHalf, as: SIMD8<Float>.self)
                if hasSecondPanel {
                    UnsafeMutableRawPointer(secondPanel + offset).storeBytes(of: column.highHalf, as: SIMD8<Float>.self)
                }
            }
            p &+= 16
        }
        row &+= 16
    }
}

/// Packs depth `depthStart ..< depthStart + depth` and columns
/// `columnStart ..< columnStart + columnCount` of op(B) into 32-column panels laid out
/// `[panel][depth][32]`, zero-padding the last panel. The layout is the same for every tile;
/// `tile` only picks how a transposed B is turned: 16×16 blocks in 16-lane vectors (wide), or
/// 8×8 blocks in 8-lane ones, which fit sixteen registers (narrow).
@inline(never)
func gemmPackB(
    _ b: UnsafePointer<Float>, ldb: Int, transposed: Bool,
    depthStart: Int, depth: Int, columnStart: Int, columnCount: Int,
    into destination: UnsafeMutablePointer<Float>, tile: GemmRegisterTile = .preferred
) {
    if transposed && tile == .narrow {
        gemmPackTransposedBNarrow(b, ldb: ldb, depthStart: depthStart, depth: depth,
                                  columnStart: columnStart, columnCount: columnCount, into: destination)
        return
    }
    let panelColumns = GemmTiling.columns
    var column = 0
    while column < columnCount {
        let width = min(panelColumns, columnCount &- column)
        let panel = destination + column &* depth
        if !transposed {
            // op(B)[p][j] = B[p][j]: each depth step is a contiguous run of columns.
            let source = b + (depthStart &* ldb &+ columnStart &+ column)
            for p in 0..<depth {
                let line = source + p &* ldb
                let target = panel + p &* panelColumns
                if width == panelColumns {
                    gemmStore(gemmLoad(line), target)
                    gemmStore(gemmLoad(line + 16), target + 16)
                } else {
                    gemmStore(gemmLoadPartial(line, count: min(16, width)), target)
                    gemmStore(width > 16 ? gemmLoadPartial(line + 16, count: width &- 16) : GemmVector(), target + 16)
                }
            }
        } else {
            // op(B)[p][j] = B[j][p]: transpose 16 columns × 16 depth steps at a time.
            for half in 0..<2 {
                let halfWidth = min(16, max(0, width &- half &* 16))
                let target = panel + half &* 16
                if halfWidth == 0 {
                    for p in 0..<depth { gemmStore(GemmVector(), target + p &* panelColumns) }
                    continue
                }
                let source = b + ((columnStart &+ column &+ half &* 16) &* ldb &+ depthStart)
                var p = 0
                while p < depth {
                    let steps = min(16, depth &- p)
                    gemmTransposeBlock(source + p, stride: ldb, rowCount: halfWidth, columnCount: steps) { j, vector in
                        gemmStore(vector, target + (p &+ j) &* panelColumns)
                    }
                    p &+= 16
                }
            }
        }
        column &+= panelColumns
    }
}
