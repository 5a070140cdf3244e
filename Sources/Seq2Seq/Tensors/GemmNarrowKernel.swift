/// The narrow register tile of `gemm` (see `GemmRegisterTile.narrow`): 6 rows × 16 columns in
/// twelve 8-lane accumulators, which with two vectors of B and one broadcast of A fills the
/// sixteen 256-bit registers of an AVX2 core without spilling.
///
/// It reads the same 32-column B panels as the wide tile, one half at a time, and A either in
/// place (row-major) or packed in 6-row panels `[panel][depth][6]`. Each element of C gets the
/// same multiply-add chain as on every other path (`GemmKernel.swift`), so results are bitwise
/// identical to the wide tile's.
typealias GemmNarrowVector = SIMD8<Float>

/// The twelve accumulators of a 6×16 tile, row by row (two vectors per row).
typealias GemmNarrowTile = (
    GemmNarrowVector, GemmNarrowVector, GemmNarrowVector, GemmNarrowVector, GemmNarrowVector, GemmNarrowVector,
    GemmNarrowVector, GemmNarrowVector, GemmNarrowVector, GemmNarrowVector, GemmNarrowVector, GemmNarrowVector
)

/// Writes the first `rows` rows of a finished tile into C (a short last tile of full width
/// needs no edge buffer).
@inline(__always)
func gemmCombineNarrowTile(_ t: GemmNarrowTile, into c: UnsafeMutablePointer<Float>, ldc: Int,
                           alpha: Float, beta: Float, rows: Int = 6) {
    @inline(__always) func put(_ row: Int, _ left: GemmNarrowVector, _ right: GemmNarrowVector) {
        guard row < rows else { return }
        let pointer = c + row &* ldc
        gemmCombine(left, into: pointer, alpha: alpha, beta: beta)
        gemmCombine(right, into: pointer + 8, alpha: alpha, beta: beta)
    }
    put(0, t.0, t.1); put(1, t.2, t.3); put(2, t.4, t.5)
    put(3, t.6, t.7); put(4, t.8, t.9); put(5, t.10, t.11)
}

/// `C[6×16] = beta·C + alpha·A·B` for one depth block: `a` is packed `[depth][6]`, `b` is one
/// half of a packed 32-column panel (16 columns, 32 floats between depth steps).
@inline(never)
func gemmNarrowMicroKernel(
    depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float, storeRows: Int = 6
) {
    var c00 = GemmNarrowVector(), c01 = GemmNarrowVector(), c10 = GemmNarrowVector(), c11 = GemmNarrowVector()
    var c20 = GemmNarrowVector(), c21 = GemmNarrowVector(), c30 = GemmNarrowVector(), c31 = GemmNarrowVector()
    var c40 = GemmNarrowVector(), c41 = GemmNarrowVector(), c50 = GemmNarrowVector(), c51 = GemmNarrowVector()
    var pa = a
    var pb = UnsafeRawPointer(b)
    for _ in 0..<depth {
        let b0 = pb.loadUnaligned(as: GemmNarrowVector.self)
        let b1 = pb.loadUnaligned(fromByteOffset: 32, as: GemmNarrowVector.self)
        c00 = c00.addingProduct(pa[0], b0); c01 = c01.addingProduct(pa[0], b1)
        c10 = c10.addingProduct(pa[1], b0); c11 = c11.addingProduct(pa[1], b1)
        c20 = c20.addingProduct(pa[2], b0); c21 = c21.addingProduct(pa[2], b1)
        c30 = c30.addingProduct(pa[3], b0); c31 = c31.addingProduct(pa[3], b1)
        c40 = c40.addingProduct(pa[4], b0); c41 = c41.addingProduct(pa[4], b1)
        c50 = c50.addingProduct(pa[5], b0); c51 = c51.addingProduct(pa[5], b1)
        pa += 6
        pb += 4 &* GemmTiling.columns
    }
    gemmCombineNarrowTile((c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51),
                          into: c, ldc: ldc, alpha: alpha, beta: beta, rows: storeRows)
}

/// The narrow micro-kernel reading a row-major A in place: row `i` of the tile is `a + i·lda`
/// (rows past `rows` repeat row 0 and are not stored).
@inline(never)
func gemmNarrowMicroKernelDirectA(
    depth: Int, a: UnsafePointer<Float>, lda: Int, rows: Int, b: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
) {
    @inline(__always) func row(_ i: Int) -> UnsafePointer<Float> { i < rows ? a + i &* lda : a }
    let a0 = a, a1 = row(1), a2 = row(2), a3 = row(3), a4 = row(4), a5 = row(5)
    var c00 = GemmNarrowVector(), c01 = GemmNarrowVector(), c10 = GemmNarrowVector(), c11 = GemmNarrowVector()
    var c20 = GemmNarrowVector(), c21 = GemmNarrowVector(), c30 = GemmNarrowVector(), c31 = GemmNarrowVector()
    var c40 = GemmNarrowVector(), c41 = GemmNarrowVector(), c50 = GemmNarrowVector(), c51 = GemmNarrowVector()
    var pb = UnsafeRawPointer(b)
    for p in 0..<depth {
        let b0 = pb.loadUnaligned(as: GemmNarrowVector.self)
        let b1 = pb.loadUnaligned(fromByteOffset: 32, as: GemmNarrowVector.self)
        c00 = c00.addingProduct(a0[p], b0); c01 = c01.addingProduct(a0[p], b1)
        c10 = c10.addingProduct(a1[p], b0); c11 = c11.addingProduct(a1[p], b1)
        c20 = c20.addingProduct(a2[p], b0); c21 = c21.addingProduct(a2[p], b1)
        c30 = c30.addingProduct(a3[p], b0); c31 = c31.addingProduct(a3[p], b1)
        c40 = c40.addingProduct(a4[p], b0); c41 = c41.addingProduct(a4[p], b1)
        c50 = c50.addingProduct(a5[p], b0); c51 = c51.addingProduct(a5[p], b1)
        pb += 4 &* GemmTiling.columns
    }
    gemmCombineNarrowTile((c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51),
                          into: c, ldc: ldc, alpha: alpha, beta: beta, rows: rows)
}

/// `gemmNarrowMicroKernelDirectA` for at most four rows (the last tile of a 64-row batch):
/// eight accumulators, so a short tile does not pay for six rows.
@inline(never)
func gemmNarrowMicroKernelDirectA4(
    depth: Int, a: UnsafePointer<Float>, lda: Int, rows: Int, b: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
) {
    @inline(__always) func row(_ i: Int) -> UnsafePointer<Float> { i < rows ? a + i &* lda : a }
    let a0 = a, a1 = row(1), a2 = row(2), a3 = row(3)
    var c00 = GemmNarrowVector(), c01 = GemmNarrowVector(), c10 = GemmNarrowVector(), c11 = GemmNarrowVector()
    var c20 = GemmNarrowVector(), c21 = GemmNarrowVector(), c30 = GemmNarrowVector(), c31 = GemmNarrowVector()
    var pb = UnsafeRawPointer(b)
    for p in 0..<depth {
        let b0 = pb.loadUnaligned(as: GemmNarrowVector.self)
        let b1 = pb.loadUnaligned(fromByteOffset: 32, as: GemmNarrowVector.self)
        c00 = c00.addingProduct(a0[p], b0); c01 = c01.addingProduct(a0[p], b1)
        c10 = c10.addingProduct(a1[p], b0); c11 = c11.addingProduct(a1[p], b1)
        c20 = c20.addingProduct(a2[p], b0); c21 = c21.addingProduct(a2[p], b1)
        c30 = c30.addingProduct(a3[p], b0); c31 = c31.addingProduct(a3[p], b1)
        pb += 4 &* GemmTiling.columns
    }
    let zero = GemmNarrowVector()
    gemmCombineNarrowTile((c00, c01, c10, c11, c20, c21, c30, c31, zero, zero, zero, zero),
                          into: c, ldc: ldc, alpha: alpha, beta: beta, rows: rows)
}

/// `gemmMacroKernel` for the narrow tile: every 6×16 tile of a `rows × columns` block of C,
/// A packed in 6-row panels (or read in place when `lda` > 0), B in 32-column panels.
func gemmNarrowMacroKernel(
    rows: Int, columns: Int, depth: Int,
    a: UnsafePointer<Float>, lda: Int = 0, b: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float,
    edgeTile: UnsafeMutablePointer<Float>
) {
    let tileRows = 6, tileColumns = 16, panelColumns = GemmTiling.columns
    var column = 0
    while column < columns {
        let panelB = b + ((column / panelColumns) &* panelColumns &* depth &+ column % panelColumns)
        let width = min(tileColumns, columns &- column)
        var row = 0
        while row < rows {
            let height = min(tileRows, rows &- row)
            let tile = c + (row &* ldc &+ column)
            // Tiles of full width go straight to C, short ones too (their kernels store only
            // `height` rows); narrower ones through `edgeTile`, then element by element.
            let full = width == tileColumns
            let out = full ? tile : edgeTile, ldOut = full ? ldc : tileColumns
            let (outAlpha, outBeta) = full ? (alpha, beta) : (1, 0)
            if lda > 0 {
                if height <= 4 {
                    gemmNarrowMicroKernelDirectA4(depth: depth, a: a + row &* lda, lda: lda, rows: height, b: panelB,
                                                  c: out, ldc: ldOut, alpha: outAlpha, beta: outBeta)
                } else {
                    gemmNarrowMicroKernelDirectA(depth: depth, a: a + row &* lda, lda: lda, rows: height, b: panelB,
                                                 c: out, ldc: ldOut, alpha: outAlpha, beta: outBeta)
                }
            } else {
                gemmNarrowMicroKernel(depth: depth, a: a + row &* depth, b: panelB,
                                      c: out, ldc: ldOut, alpha: outAlpha, beta: outBeta, storeRows: height)
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

/// Packs rows `rowStart ..< rowStart + rowCount` and depth `depthStart ..< depthStart + depth`
/// of op(A) into 6-row panels `[panel][depth][6]`, zero-padding the last panel.
@inline(never)
func gemmPackANarrow(
    _ a: UnsafePointer<Float>, lda: Int, transposed: Bool,
    rowStart: Int, rowCount: Int, depthStart: Int, depth: Int,
    into destination: UnsafeMutablePointer<Float>
) {
    let panelRows = 6
    if transposed {
        gemmPackTransposedANarrow(a, lda: lda, rowStart: rowStart, rowCount: rowCount,
                                  depthStart: depthStart, depth: depth, into: destination)
        return
    }
    // op(A)[i][p] = A[i][p]: row i of a panel is a row of A.
    var row = 0
    while row < rowCount {
        let height = min(panelRows, rowCount &- row)
        let panel = destination + row &* depth
        let source = a + ((rowStart &+ row) &* lda &+ depthStart)
        for p in 0..<depth {
            let target = panel + p &* panelRows
            for i in 0..<panelRows { target[i] = i < height ? source[i &* lda &+ p] : 0 }
        }
        row &+= panelRows
    }
}

/// `gemmPackANarrow` for a transposed A: op(A)[i][p] = A[p][i], so each depth step of a panel
/// is a contiguous run of a row of A. Depth steps outermost: every row of A is read once, in
/// order, and dealt out to the panels. (Panel by panel, each panel would sweep all depth steps
/// at a stride of `lda`; with `lda` a multiple of 1,024 floats, as for the LSTM's gate
/// gradients, those lines share a few cache sets and are fetched from L3 again for every panel.)
@inline(never)
func gemmPackTransposedANarrow(
    _ a: UnsafePointer<Float>, lda: Int, rowStart: Int, rowCount: Int, depthStart: Int, depth: Int,
    into destination: UnsafeMutablePointer<Float>
) {
    let panelRows = 6
    for p in 0..<depth {
        let line = a + ((depthStart &+ p) &* lda &+ rowStart)
        let target = destination + p &* panelRows
        var row = 0
        if p &+ 1 < depth {
            // Eight-float moves whose last two lanes spill into the slot of depth step p + 1,
            // which that step overwrites later; they read only rows being packed.
            while row &+ 8 <= rowCount {
                let values = UnsafeRawPointer(line + row).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(target + row &* depth).storeBytes(of: values, as: SIMD8<Float>.self)
                row &+= panelRows
            }
        }
        while row < rowCount {
            let height = min(panelRows, rowCount &- row)
            let slot = target + row &* depth
            for i in 0..<panelRows { slot[i] = i < height ? line[row &+ i] : 0 }
            row &+= panelRows
        }
    }
}

/// `gemmPackB` for a transposed B with 8×8 transposes in 8-lane vectors: op(B)[p][j] = B[j][p],
/// so eight rows of B (eight columns of a panel) × eight depth steps are read, turned and
/// stored as eight depth steps of those columns.
@inline(never)
func gemmPackTransposedBNarrow(
    _ b: UnsafePointer<Float>, ldb: Int, depthStart: Int, depth: Int, columnStart: Int, columnCount: Int,
    into destination: UnsafeMutablePointer<Float>
) {
    typealias V = SIMD8<Float>
    let panelColumns = GemmTiling.columns
    var column = 0
    while column < columnCount {
        let panel = destination + column &* depth
        for group in 0..<(panelColumns / 8) {
            let first = column &+ group &* 8
            let width = min(8, max(0, columnCount &- first))
            let target = panel + group &* 8
            if width == 0 {
                for p in 0..<depth { UnsafeMutableRawPointer(target + p &* panelColumns).storeBytes(of: V(), as: V.self) }
                continue
            }
            let source = b + ((columnStart &+ first) &* ldb &+ depthStart)
            var p = 0
            while p < depth {
                let steps = min(8, depth &- p)
                gemmTransposeBlock8(source + p, stride: ldb, rowCount: width, columnCount: steps) { j, vector in
                    UnsafeMutableRawPointer(target + (p &+ j) &* panelColumns).storeBytes(of: vector, as: V.self)
                }
                p &+= 8
            }
        }
        column &+= panelColumns
    }
}

/// Reads a `rowCount × columnCount` (each ≤ 8) block at `source` (row stride `stride`),
/// transposes it and hands column `j` (zero beyond `rowCount`) to `store(j, vector)` for
/// `j < columnCount`. Three rounds of pairwise de-interleaving, as in `gemmTranspose16x16`.
@inline(__always)
func gemmTransposeBlock8(
    _ source: UnsafePointer<Float>, stride: Int, rowCount: Int, columnCount: Int,
    _ store: (Int, SIMD8<Float>) -> Void
) {
    typealias V = SIMD8<Float>
    @inline(__always) func load(_ i: Int) -> V {
        if i >= rowCount { return V() }
        let line = source + i &* stride
        if columnCount == 8 { return UnsafeRawPointer(line).loadUnaligned(as: V.self) }
        var vector = V()
        for lane in 0..<columnCount { vector[lane] = line[lane] }
        return vector
    }
    @inline(__always) func split(_ x: inout V, _ y: inout V) {
        let joined = SIMD16<Float>(lowHalf: x, highHalf: y)
        x = joined.evenHalf
        y = joined.oddHalf
    }
    var r0 = load(0), r1 = load(1), r2 = load(2), r3 = load(3)
    var r4 = load(4), r5 = load(5), r6 = load(6), r7 = load(7)
    split(&r0, &r1); split(&r2, &r3); split(&r4, &r5); split(&r6, &r7)
    split(&r0, &r2); split(&r1, &r3); split(&r4, &r6); split(&r5, &r7)
    split(&r0, &r4); split(&r1, &r5); split(&r2, &r6); split(&r3, &r7)
    let columns = (r0, r1, r2, r3, r4, r5, r6, r7)
    store(0, columns.0)
    if columnCount > 1 { store(1, columns.1) }
    if columnCount > 2 { store(2, columns.2) }
    if columnCount > 3 { store(3, columns.3) }
    if columnCount > 4 { store(4, columns.4) }
    if columnCount > 5 { store(5, columns.5) }
    if columnCount > 6 { store(6, columns.6) }
    if columnCount > 7 { store(7, columns.7) }
}
