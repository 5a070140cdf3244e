/// The `gemm` path for short A (fewer rows than a register tile) and tiny problems: C is
/// built 64 columns at a time from vectors of B, read in place when B is not transposed and
/// from a small packed copy (one 64-column chunk, one depth block) when it is; at most 16
/// leftover columns go through scalar chains.
///
/// Per element it performs exactly the operations of the packed micro-kernel (see
/// `GemmKernel.swift`), so switching paths never changes a result.
enum GemmRowwise {
    /// Columns handled per pass: four 16-lane accumulators.
    static let columnChunk = 64

    static func multiply(
        _ problem: GemmProblem, b: UnsafePointer<Float>, ldb: Int, transposeB: Bool, columns: Range<Int>
    ) {
        if transposeB {
            if columns.count <= 16 {
                multiplyNarrow(problem, b: b, ldb: ldb, transposeB: true, columns: columns)
            } else {
                GemmScratch.with { scratch in
                    multiply(problem, b: b, ldb: ldb, packingInto: scratch.packedB, columns: columns)
                }
            }
            return
        }
        // B read in place: whole vectors here, the last (under 16) columns one by one.
        let wholeEnd = columns.lowerBound + columns.count / 16 * 16
        if wholeEnd > columns.lowerBound {
            multiply(problem, b: b, ldb: ldb, packingInto: nil, columns: columns.lowerBound..<wholeEnd)
        }
        if wholeEnd < columns.upperBound {
            multiplyNarrow(problem, b: b, ldb: ldb, transposeB: false, columns: wholeEnd..<columns.upperBound)
        }
    }

    /// With `buffer` nil, B is read in place (not transposed, `columns.count` a multiple of
    /// 16); otherwise B is transposed and each chunk is first packed into `buffer` as
    /// zero-padded 32-column panels `[panel][step][32]`. Either way every vector loads whole.
    private static func multiply(
        _ problem: GemmProblem, b: UnsafePointer<Float>, ldb: Int,
        packingInto buffer: UnsafeMutablePointer<Float>?, columns: Range<Int>
    ) {
        let k = problem.k, lda = problem.lda
        let aStep = problem.transposeA ? lda : 1
        var column = columns.lowerBound
        while column < columns.upperBound {
            let width = min(columnChunk, columns.upperBound - column)
            var depthStart = 0
            while depthStart < k {
                let depth = min(GemmTiling.depth, k - depthStart)
                let beta = depthStart == 0 ? problem.beta : 1
                // Where the vectors of B for depth step 0 start, and the step between depth steps.
                let source: UnsafePointer<Float>
                let stepStride: Int
                var vectorOffsets = (0, 16, 32, 48)
                if let buffer {
                    gemmPackB(b, ldb: ldb, transposed: true, depthStart: depthStart, depth: depth,
                          columnStart: column, columnCount: width, into: buffer, tile: problem.tile)
                    source = UnsafePointer(buffer)
                    stepStride = GemmTiling.columns
                    vectorOffsets = (0, 16, depth * GemmTiling.columns, depth * GemmTiling.columns + 16)
                } else {
                    source = b + depthStart * ldb + column
                    stepStride = ldb
                }
                for i in 0..<problem.m {
                    let aRow = (problem.transposeA ? problem.a + i : problem.a + i * lda) + depthStart * aStep
                    let target = problem.c + i * problem.ldc + column
                    if width == columnChunk {
                        var s0 = GemmVector(), s1 = GemmVector(), s2 = GemmVector(), s3 = GemmVector()
                        for p in 0..<depth {
                            let x = aRow[p &* aStep]
                            let line = source + p &* stepStride
                            s0 = s0.addingProduct(x, gemmLoad(line + vectorOffsets.0))
                            s1 = s1.addingProduct(x, gemmLoad(line + vectorOffsets.1))
                            s2 = s2.addingProduct(x, gemmLoad(line + vectorOffsets.2))
                            s3 = s3.addingProduct(x, gemmLoad(line + vectorOffsets.3))
                        }
                        gemmCombine(s0, into: target, alpha: problem.alpha, beta: beta)
                        gemmCombine(s1, into: target + 16, alpha: problem.alpha, beta: beta)
                        gemmCombine(s2, into: target + 32, alpha: problem.alpha, beta: beta)
                        gemmCombine(s3, into: target + 48, alpha: problem.alpha, beta: beta)
                        continue
                    }
                    // A partial chunk: one vector at a time.
                    for vector in 0..<((width + 15) / 16) {
                        let lanes = min(16, width - vector * 16)
                        let offset = vector < 2 ? vector * 16 : (buffer == nil ? vector * 16 : vectorOffsets.2 + (vector - 2) * 16)
                        var sum = GemmVector()
                        for p in 0..<depth {
                            sum = sum.addingProduct(aRow[p &* aStep], gemmLoad(source + (p &* stepStride &+ offset)))
                        }
                        let out = target + vector * 16
                        if lanes == 16 {
                            gemmCombine(sum, into: out, alpha: problem.alpha, beta: beta)
                        } else {
                            for lane in 0..<lanes { gemmCombine(sum[lane], into: out + lane, alpha: problem.alpha, beta: beta) }
                        }
                    }
                }
                depthStart += depth
            }
            column += width
        }
    }

    /// At most 16 columns (for example attention scores against a short source sentence):
    /// one scalar fused multiply-add chain per column, sixteen chains in flight, each reading
    /// its column of op(B) in place. Unused chains re-read column 0.
    private static func multiplyNarrow(
        _ problem: GemmProblem, b: UnsafePointer<Float>, ldb: Int, transposeB: Bool, columns: Range<Int>
    ) {
        let width = columns.count
        let aStep = problem.transposeA ? problem.lda : 1
        // op(B)[p][j] = column(j)[p &* bStep]
        let bStep = transposeB ? 1 : ldb
        @inline(__always) func row(_ j: Int) -> UnsafePointer<Float> {
            b + (columns.lowerBound + (j < width ? j : 0)) * (transposeB ? ldb : 1)
        }
        let b0 = row(0), b1 = row(1), b2 = row(2), b3 = row(3), b4 = row(4), b5 = row(5), b6 = row(6), b7 = row(7)
        let b8 = row(8), b9 = row(9), b10 = row(10), b11 = row(11), b12 = row(12), b13 = row(13), b14 = row(14), b15 = row(15)
        for i in 0..<problem.m {
            let aRow = problem.transposeA ? problem.a + i : problem.a + i * problem.lda
            let target = problem.c + i * problem.ldc + columns.lowerBound
            var depthStart = 0
            while depthStart < problem.k {
                let depthEnd = min(problem.k, depthStart + GemmTiling.depth)
                var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0, s4: Float = 0, s5: Float = 0
                var s6: Float = 0, s7: Float = 0, s8: Float = 0, s9: Float = 0, s10: Float = 0, s11: Float = 0
                var s12: Float = 0, s13: Float = 0, s14: Float = 0, s15: Float = 0
                for p in depthStart..<depthEnd {
                    let x = aRow[p &* aStep]
                    let q = p &* bStep
                    s0 = s0.addingProduct(x, b0[q]); s1 = s1.addingProduct(x, b1[q])
                    s2 = s2.addingProduct(x, b2[q]); s3 = s3.addingProduct(x, b3[q])
                    s4 = s4.addingProduct(x, b4[q]); s5 = s5.addingProduct(x, b5[q])
                    s6 = s6.addingProduct(x, b6[q]); s7 = s7.addingProduct(x, b7[q])
                    s8 = s8.addingProduct(x, b8[q]); s9 = s9.addingProduct(x, b9[q])
                    s10 = s10.addingProduct(x, b10[q]); s11 = s11.addingProduct(x, b11[q])
                    s12 = s12.addingProduct(x, b12[q]); s13 = s13.addingProduct(x, b13[q])
                    s14 = s14.addingProduct(x, b14[q]); s15 = s15.addingProduct(x, b15[q])
                }
                let sums = GemmVector(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15)
                let beta = depthStart == 0 ? problem.beta : 1
                for lane in 0..<width { gemmCombine(sums[lane], into: target + lane, alpha: problem.alpha, beta: beta) }
                depthStart = depthEnd
            }
        }
    }
}
