import Seq2Seq
import Testing

/// Operands for one `gemm` call, filled from a seeded generator.
private struct GemmCase: CustomStringConvertible {
    var transposeA: Bool, transposeB: Bool
    var m: Int, n: Int, k: Int
    var lda: Int, ldb: Int, ldc: Int
    var alpha: Float, beta: Float
    var a: [Float], b: [Float], c: [Float]

    init(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, padding: Int = 0,
         alpha: Float = 1, beta: Float = 0, seed: UInt64) {
        var random = RandomGenerator(seed: seed)
        self.transposeA = transposeA; self.transposeB = transposeB
        self.m = m; self.n = n; self.k = k
        lda = (transposeA ? m : k) + padding
        ldb = (transposeB ? k : n) + padding
        ldc = n + padding
        self.alpha = alpha; self.beta = beta
        a = (0..<max(1, (transposeA ? k : m) * lda)).map { _ in random.nextUniform(limit: 1) }
        b = (0..<max(1, (transposeB ? n : k) * ldb)).map { _ in random.nextUniform(limit: 1) }
        c = (0..<max(1, m * ldc)).map { _ in random.nextUniform(limit: 1) }
    }

    var description: String {
        "m=\(m) n=\(n) k=\(k) tA=\(transposeA) tB=\(transposeB) lda=\(lda) ldb=\(ldb) ldc=\(ldc) alpha=\(alpha) beta=\(beta)"
    }

    /// C after the tuned `gemm` (on `pool`, with `tile`), starting from `initial`
    /// (NaN-poisoned if beta is 0).
    func tuned(pool: WorkerPool, packed: Bool = false, tile: GemmRegisterTile = .preferred) -> [Float] {
        var result = beta == 0 ? [Float](repeating: .nan, count: c.count) : c
        if packed {
            let matrix = PackedMatrix(depth: k, columns: n, b: b, ldb: ldb, transposed: transposeB, pool: pool)
            gemm(transposeA: transposeA, m: m, alpha: alpha, a: a, lda: lda, b: matrix,
                 beta: beta, c: &result, ldc: ldc, pool: pool, tile: tile)
        } else {
            gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                 a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &result, ldc: ldc, pool: pool, tile: tile)
        }
        return result
    }

    /// The largest error of `result` relative to `referenceGemm`, scaled by the magnitude of
    /// the terms summed (the natural yardstick for float rounding), and whether the padding
    /// between rows of C was left untouched.
    func check(_ result: [Float]) -> (error: Float, paddingIntact: Bool) {
        var expected = c
        referenceGemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &expected, ldc: ldc)
        var magnitude = c.map(abs)
        referenceGemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: abs(alpha),
                      a: a.map(abs), lda: lda, b: b.map(abs), ldb: ldb, beta: abs(beta), c: &magnitude, ldc: ldc)
        var worst: Float = 0
        var intact = true
        for i in 0..<m {
            for j in 0..<ldc {
                let index = i * ldc + j
                if j < n {
                    let error = abs(result[index] - expected[index]) / (magnitude[index] + 1e-3)
                    worst = error.isNaN ? .infinity : max(worst, error)
                } else if result[index].bitPattern != (beta == 0 ? Float.nan : c[index]).bitPattern {
                    intact = false
                }
            }
        }
        return (worst, intact)
    }
}

private let onePool = WorkerPool(threadCount: 1)
private let twoPool = WorkerPool(threadCount: 2)
private let threePool = WorkerPool(threadCount: 3)
/// Float rounding over the depths tested stays far below this; a missing or doubled term
/// shows up at ≥ 1/k ≈ 1e-3.
private let tolerance: Float = 2e-5

@Test func gemmMatchesReferenceOnRandomShapes() {
    var random = RandomGenerator(seed: 2024)
    for trial in 0..<160 {
        let m = Int(random.next() % 40) + 1, n = Int(random.next() % 80) + 1, k = Int(random.next() % 300) + 1
        let alphas: [Float] = [1, -0.5, 2], betas: [Float] = [0, 1, 0.25]
        let test = GemmCase(
            transposeA: random.next() & 1 == 1, transposeB: random.next() & 1 == 1, m: m, n: n, k: k,
            padding: Int(random.next() % 3), alpha: alphas[trial % 3], beta: betas[(trial / 3) % 3],
            seed: UInt64(trial))
        // Every combination of thread count and register tile, whatever this CPU prefers.
        let tile: GemmRegisterTile = (trial / 2) % 2 == 0 ? .wide : .narrow
        let (error, intact) = test.check(test.tuned(pool: trial % 2 == 0 ? onePool : twoPool, tile: tile))
        #expect(error < tolerance, "\(test) \(tile)")
        #expect(intact, "padding overwritten: \(test)")
    }
}

@Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
func gemmHandlesEdgeShapes(transposeA: Bool, transposeB: Bool) {
    // Around the edges of both register tiles (8×32 and 6×16) and of the 32-column B panels.
    let sizes = [1, 2, 5, 6, 7, 8, 9, 12, 13, 15, 16, 17, 31, 32, 33]
    var seed: UInt64 = 0
    for m in sizes {
        for n in sizes {
            for k in [1, 3, 16, 255, 256, 257] {
                seed += 1
                if (m * 7 + n * 3 + k) % 4 != 0 { continue }  // a spread-out quarter of the grid
                let test = GemmCase(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                    padding: 1, alpha: 1.5, beta: seed % 2 == 0 ? 0 : -1, seed: seed)
                for tile in GemmRegisterTile.allCases {
                    let (error, intact) = test.check(test.tuned(pool: onePool, tile: tile))
                    #expect(error < tolerance, "\(test) \(tile)")
                    #expect(intact, "padding overwritten: \(test) \(tile)")
                }
            }
        }
    }
}

@Test func gemmHandlesEmptyDimensions() {
    // k = 0 scales C by beta (and clears it when beta is 0, even over NaN).
    for beta: Float in [0, 2] {
        let test = GemmCase(transposeA: false, transposeB: false, m: 3, n: 5, k: 0, alpha: 1, beta: beta, seed: 9)
        let result = test.tuned(pool: onePool)
        for index in 0..<15 { #expect(result[index] == beta * test.c[index]) }
    }
    // m = 0 or n = 0 touch nothing.
    var untouched: [Float] = [42]
    let operand: [Float] = [1]
    gemm(transposeA: false, transposeB: false, m: 0, n: 1, k: 1, a: operand, lda: 1, b: operand, ldb: 1,
         beta: 0, c: &untouched, ldc: 1)
    gemm(transposeA: false, transposeB: false, m: 1, n: 0, k: 1, a: operand, lda: 1, b: operand, ldb: 1,
         beta: 0, c: &untouched, ldc: 1)
    #expect(untouched == [42])
}

@Test func gemmOfKnownProduct() {
    // [[1, 2, 3], [4, 5, 6]] · [[7, 8], [9, 10], [11, 12]] = [[58, 64], [139, 154]]
    let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [7, 8, 9, 10, 11, 12]
    var c: [Float] = [1, 1, 1, 1]
    gemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 3, alpha: 2, a: a, lda: 3, b: b, ldb: 2,
         beta: 1, c: &c, ldc: 2)
    #expect(c == [117, 129, 279, 309])
}

@Test func gemmMatchesReferenceOnLargeShapes() {
    let shapes: [(Int, Int, Int, Bool, Bool)] = [
        (64, 300, 520, false, true), (130, 70, 600, true, false), (9, 1100, 70, false, false),
        (300, 40, 90, true, true), (5, 700, 300, false, true), (3, 200, 600, true, false),
    ]
    for (index, (m, n, k, transposeA, transposeB)) in shapes.enumerated() {
        let test = GemmCase(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                            padding: 3, alpha: 0.75, beta: index % 2 == 0 ? 0 : 1, seed: UInt64(100 + index))
        for tile in GemmRegisterTile.allCases {
            let (error, intact) = test.check(test.tuned(pool: twoPool, tile: tile))
            #expect(error < tolerance, "\(test) \(tile)")
            #expect(intact, "padding overwritten: \(test) \(tile)")
        }
    }
}

@Test func gemmIsBitwiseIdenticalAcrossThreadCountsAndPacking() {
    // Shapes big enough to be split over threads, on both the packed and the row-wise path.
    let shapes: [(Int, Int, Int, Bool, Bool)] = [
        (64, 1000, 300, false, true), (200, 96, 600, true, false), (1024, 64, 64, true, false),
        (3, 4000, 200, false, false), (6, 3000, 100, true, true), (72, 513, 257, false, false),
        // Taller than twice their width: split by rows, with B packed once for all parts.
        (400, 48, 300, false, true), (500, 100, 70, false, false), (700, 37, 290, true, true),
    ]
    for (index, (m, n, k, transposeA, transposeB)) in shapes.enumerated() {
        let test = GemmCase(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                            padding: 1, alpha: 1, beta: index % 2 == 0 ? 0 : 1, seed: UInt64(200 + index))
        // The two register tiles, too, give the same bits: a model trains the same on any CPU.
        let single = test.tuned(pool: onePool, tile: .wide).map(\.bitPattern)
        for tile in GemmRegisterTile.allCases {
            #expect(test.tuned(pool: onePool, tile: tile).map(\.bitPattern) == single, "1 thread: \(test) \(tile)")
            #expect(test.tuned(pool: twoPool, tile: tile).map(\.bitPattern) == single, "2 threads: \(test) \(tile)")
            #expect(test.tuned(pool: threePool, tile: tile).map(\.bitPattern) == single, "3 threads: \(test) \(tile)")
            #expect(test.tuned(pool: twoPool, packed: true, tile: tile).map(\.bitPattern) == single,
                    "packed: \(test) \(tile)")
        }
        #expect(test.check(test.tuned(pool: onePool)).error < tolerance, "\(test)")
    }
}

@Test func gemmReadsRowMajorAInPlaceWithThePackedResult() {
    // A row-major A is read in place by the micro-kernel, a transposed one is packed first;
    // the same op(A) must give the same bits either way, including partial row panels (13,
    // 130) and several depth blocks (k = 600).
    for (index, (m, n, k)) in [(13, 70, 600), (64, 1024, 512), (130, 40, 257), (8, 33, 31)].enumerated() {
        let rowMajor = GemmCase(transposeA: false, transposeB: index % 2 == 1, m: m, n: n, k: k, padding: 3,
                                alpha: 1, beta: index % 2 == 0 ? 0 : 1, seed: UInt64(400 + index))
        var transposed = rowMajor
        transposed.transposeA = true
        transposed.lda = m + 2
        transposed.a = [Float](repeating: .nan, count: k * transposed.lda)
        for i in 0..<m { for p in 0..<k { transposed.a[p * transposed.lda + i] = rowMajor.a[i * rowMajor.lda + p] } }
        for pool in [onePool, twoPool] {
            for tile in GemmRegisterTile.allCases {
                let direct = rowMajor.tuned(pool: pool, tile: tile)
                #expect(direct.map(\.bitPattern) == transposed.tuned(pool: pool, tile: tile).map(\.bitPattern),
                        "\(rowMajor) \(tile)")
                #expect(rowMajor.tuned(pool: pool, packed: true, tile: tile).map(\.bitPattern) == direct.map(\.bitPattern),
                        "\(rowMajor) \(tile)")
                let (error, intact) = rowMajor.check(direct)
                #expect(error < tolerance && intact, "\(rowMajor) \(tile)")
            }
        }
    }
}

@Test func packedMatrixMatchesPlainGemmAndRepacks() {
    var random = RandomGenerator(seed: 77)
    for (m, n, k, transposed) in [(1, 40, 300, true), (7, 33, 20, false), (64, 100, 513, true), (17, 64, 256, false)] {
        var test = GemmCase(transposeA: false, transposeB: transposed, m: m, n: n, k: k, padding: 2,
                            alpha: 1, beta: 0, seed: UInt64(m * n))
        let matrix = PackedMatrix(depth: k, columns: n, b: test.b, ldb: test.ldb, transposed: transposed, pool: twoPool)
        #expect(matrix.depth == k && matrix.columns == n)
        for round in 0..<2 {
            if round == 1 {
                // An optimizer step changes B; repack refreshes the copy in place.
                test.b = test.b.map { $0 + random.nextUniform(limit: 0.1) }
                matrix.repack(b: test.b, ldb: test.ldb, pool: twoPool)
            }
            var packed = [Float](repeating: .nan, count: test.c.count)
            gemm(transposeA: false, m: m, a: test.a, lda: test.lda, b: matrix, beta: 0, c: &packed, ldc: test.ldc,
                 pool: twoPool)
            #expect(packed.map(\.bitPattern) == test.tuned(pool: onePool).map(\.bitPattern), "\(test) round \(round)")
        }
    }
}

@Test func packedMatrixFromTensorsServesForwardAndBackward() {
    // A layer with W [out = 40, in = 24]: forward Y = X·Wᵀ, backward dX = dY·W.
    var random = RandomGenerator(seed: 5)
    let batch = 10, inputs = 24, outputs = 40
    let weights = Tensor(shape: [outputs, inputs], scalars: (0..<(outputs * inputs)).map { _ in random.nextUniform(limit: 1) })
    let x = (0..<(batch * inputs)).map { _ in random.nextUniform(limit: 1) }
    let dY = (0..<(batch * outputs)).map { _ in random.nextUniform(limit: 1) }

    var y = [Float](repeating: 0, count: batch * outputs), yExpected = y
    gemm(transposeA: false, m: batch, a: x, lda: inputs, b: PackedMatrix(weights, transposed: true),
         beta: 0, c: &y, ldc: outputs)
    referenceGemm(transposeA: false, transposeB: true, m: batch, n: outputs, k: inputs,
                  a: x, lda: inputs, b: weights.scalars, ldb: inputs, beta: 0, c: &yExpected, ldc: outputs)
    #expect(zip(y, yExpected).allSatisfy { abs($0 - $1) < 1e-4 })

    var dX = [Float](repeating: 0, count: batch * inputs), dXExpected = dX
    gemm(transposeA: false, m: batch, a: dY, lda: outputs, b: PackedMatrix(weights, transposed: false),
         beta: 0, c: &dX, ldc: inputs)
    referenceGemm(transposeA: false, transposeB: false, m: batch, n: inputs, k: outputs,
                  a: dY, lda: outputs, b: weights.scalars, ldb: inputs, beta: 0, c: &dXExpected, ldc: inputs)
    #expect(zip(dX, dXExpected).allSatisfy { abs($0 - $1) < 1e-4 })
}

@Test func gemmInsideParallelForRunsInline() {
    // Four independent products issued from inside a parallel job on the shared-style pool.
    let tests = (0..<4).map {
        GemmCase(transposeA: false, transposeB: true, m: 64, n: 200, k: 100, alpha: 1, beta: 0, seed: UInt64(300 + $0))
    }
    let expected = tests.map { $0.tuned(pool: onePool).map(\.bitPattern) }
    var results = [[UInt32]](repeating: [], count: 4)
    results.withUnsafeMutableBufferPointer { slots in
        twoPool.parallelFor(4) { index in
            slots[index] = tests[index].tuned(pool: twoPool).map(\.bitPattern)
        }
    }
    #expect(results == expected)
}

@Test func benchmarkReportsEveryShape() {
    // Only checks the plumbing (one quick round); the figures themselves are for `s2s bench`.
    let results = GemmBenchmark.run(threads: 1, repetitions: 1, workScale: 0.01)
    #expect(results.count >= 6)
    #expect(results.allSatisfy { $0.gigaflops > 0 && $0.milliseconds > 0 })
    #expect(results.contains { $0.m == 64 && $0.n == 1024 && $0.k == 512 })
    for tile in GemmRegisterTile.allCases {
        #expect(GemmBenchmark.microKernelRate(tile: tile, repetitions: 1) > 0, "\(tile)")
    }
}

@Test func registerTileFollowsTheVectorRegisters() {
    // The wide tile needs AVX-512's 32 registers; anything else gets the narrow one.
    #expect(GemmRegisterTile.preferred == (CPUFeatures.hasAVX512 ? .wide : .narrow))
    #expect(GemmRegisterTile.wide.rows * GemmRegisterTile.wide.columns == 256)
    #expect(GemmRegisterTile.narrow.rows * GemmRegisterTile.narrow.columns == 96)
}
