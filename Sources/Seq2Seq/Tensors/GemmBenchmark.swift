import Foundation

/// Measures `gemm` throughput at the shapes the models use, for `s2s bench`.
public enum GemmBenchmark {
    /// The throughput of one benchmarked product.
    public struct Result: Sendable, Codable, CustomStringConvertible {
        /// What the product stands for, e.g. "forward X·Wᵀ (packed)".
        public let name: String
        public let m: Int, n: Int, k: Int
        public let threads: Int
        /// Time of one call in the best round, in milliseconds.
        public let milliseconds: Double
        /// `2·m·n·k` floating-point operations per best call time, in GFLOP/s.
        public let gigaflops: Double

        public var description: String {
            let shape = "\(m)×\(k)·\(k)×\(n)"
            return "\(name.padding(toLength: 34, withPad: " ", startingAt: 0)) "
                + "\(shape.padding(toLength: 20, withPad: " ", startingAt: 0)) "
                + "\(threads) thr  \(formatted(milliseconds, decimals: 3)) ms  \(formatted(gigaflops, decimals: 1)) GFLOP/s"
        }
    }

    /// One benchmarked case: the shape, the operand layout and whether B is pre-packed.
    struct Case {
        let name: String
        let m: Int, n: Int, k: Int
        let transposeA: Bool, transposeB: Bool
        let packed: Bool
        let beta: Float
    }

    /// The products of one training step at E = H = 256, batch 64, a 1,500-word target
    /// vocabulary and 384 target positions per batch (the standard 6,000-pair configuration),
    /// then the output layer's products on the whole corpus.
    static let cases: [Case] = [
        Case(name: "encoder step X·Wᵀ (packed W)", m: 64, n: 1024, k: 512, transposeA: false, transposeB: true, packed: true, beta: 0),
        Case(name: "encoder step X·Wᵀ (unpacked)", m: 64, n: 1024, k: 512, transposeA: false, transposeB: true, packed: false, beta: 0),
        Case(name: "decoder step X·Wᵀ (packed W)", m: 64, n: 1024, k: 768, transposeA: false, transposeB: true, packed: true, beta: 0),
        Case(name: "decoder step dX = dZ·W (packed W)", m: 64, n: 768, k: 1024, transposeA: false, transposeB: false, packed: true, beta: 0),
        Case(name: "luong combine X·Wᵀ (packed W)", m: 64, n: 256, k: 512, transposeA: false, transposeB: true, packed: true, beta: 0),
        Case(name: "LSTM dW += dZᵀ·X (a batch)", m: 1024, n: 768, k: 384, transposeA: true, transposeB: false, packed: false, beta: 1),
        Case(name: "output X·Wᵀ (packed W)", m: 384, n: 1500, k: 256, transposeA: false, transposeB: true, packed: true, beta: 0),
        Case(name: "output X·Wᵀ (unpacked)", m: 384, n: 1500, k: 256, transposeA: false, transposeB: true, packed: false, beta: 0),
        Case(name: "output dX = dY·W", m: 384, n: 256, k: 1500, transposeA: false, transposeB: false, packed: false, beta: 0),
        Case(name: "output dW += dYᵀ·X", m: 1500, n: 256, k: 384, transposeA: true, transposeB: false, packed: false, beta: 1),
        // The whole corpus: a 5,661-word target vocabulary and about 480 positions per batch.
        Case(name: "output X·Wᵀ (packed W), V 5,661", m: 480, n: 5661, k: 256, transposeA: false, transposeB: true, packed: true, beta: 0),
        Case(name: "output dX = dY·W, V 5,661", m: 480, n: 256, k: 5661, transposeA: false, transposeB: false, packed: false, beta: 0),
        Case(name: "output dW = dYᵀ·X, V 5,661", m: 5661, n: 256, k: 480, transposeA: true, transposeB: false, packed: false, beta: 0),
        Case(name: "square A·B", m: 512, n: 512, k: 512, transposeA: false, transposeB: false, packed: false, beta: 0),
    ]

    /// Times every case on a fresh pool of `threads` threads and returns the best of
    /// `repetitions` rounds (on a shared machine the best round is the least disturbed one).
    /// A round lasts about `workScale` × 20 ms at 100 GFLOP/s.
    public static func run(threads: Int, repetitions: Int = 7, workScale: Double = 1) -> [Result] {
        let pool = WorkerPool(threadCount: threads)
        return cases.map { measure($0, pool: pool, repetitions: max(1, repetitions), workScale: workScale) }
    }

    private static func measure(_ test: Case, pool: WorkerPool, repetitions: Int, workScale: Double) -> Result {
        var random = RandomGenerator(seed: 1)
        let aCount = test.m * test.k, bCount = test.k * test.n, cCount = test.m * test.n
        let a = (0..<aCount).map { _ in random.nextUniform(limit: 1) }
        let b = (0..<bCount).map { _ in random.nextUniform(limit: 1) }
        var c = [Float](repeating: 0, count: cCount)
        let lda = test.transposeA ? test.m : test.k
        let ldb = test.transposeB ? test.k : test.n
        let flops = 2.0 * Double(test.m) * Double(test.n) * Double(test.k)
        let callsPerRound = max(1, Int(2e9 * workScale / flops))
        var times: [Double] = []
        a.withUnsafeBufferPointer { aBuffer in
            b.withUnsafeBufferPointer { bBuffer in
                c.withUnsafeMutableBufferPointer { cBuffer in
                    let aPointer = aBuffer.baseAddress!, bPointer = bBuffer.baseAddress!, cPointer = cBuffer.baseAddress!
                    let packed = test.packed
                        ? PackedMatrix(depth: test.k, columns: test.n, b: bPointer, ldb: ldb,
                                       transposed: test.transposeB, pool: pool)
                        : nil
                    func call() {
                        if let packed {
                            gemm(transposeA: test.transposeA, m: test.m, a: aPointer, lda: lda,
                                 b: packed, beta: test.beta, c: cPointer, ldc: test.n, pool: pool)
                        } else {
                            gemm(transposeA: test.transposeA, transposeB: test.transposeB,
                                 m: test.m, n: test.n, k: test.k, a: aPointer, lda: lda,
                                 b: bPointer, ldb: ldb, beta: test.beta, c: cPointer, ldc: test.n, pool: pool)
                        }
                    }
                    call()
                    for _ in 0..<repetitions {
                        let start = DispatchTime.now().uptimeNanoseconds
                        for _ in 0..<callsPerRound { call() }
                        let elapsed = DispatchTime.now().uptimeNanoseconds - start
                        times.append(Double(elapsed) / Double(callsPerRound))
                    }
                }
            }
        }
        let best = times.min() ?? 1
        return Result(name: test.name, m: test.m, n: test.n, k: test.k, threads: pool.threadCount,
                      milliseconds: best / 1e6, gigaflops: flops / best)
    }

    /// Measures the machine's fused multiply-add peak on `threads` threads, the yardstick for
    /// the `gemm` figures: GFLOP/s summed over the threads, each timed by its own processor
    /// time (so that time the thread spends descheduled on a busy machine does not count), best
    /// of `repetitions`.
    public static func fmaPeak(threads: Int, repetitions: Int = 5) -> Double {
        let pool = WorkerPool(threadCount: threads)
        let iterations = 2_000_000
        var best = 0.0
        let rates = UnsafeMutableBufferPointer<Double>.allocate(capacity: pool.threadCount)
        defer { rates.deallocate() }
        for _ in 0..<repetitions {
            // 16-lane chains for 512-bit FMA units; 8-lane ones for 256-bit units, where twelve
            // 16-lane chains would not fit in sixteen registers. The faster is the peak.
            for lanes in [16, 8] {
                rates.update(repeating: 0)
                pool.parallelFor(pool.threadCount) { part in
                    let start = threadProcessorTime()
                    let sink = lanes == 16 ? fmaChains16(iterations: iterations, seed: Float(part))
                        : fmaChains8(iterations: iterations, seed: Float(part))
                    if sink == .infinity { print(sink) }
                    let flops = Double(iterations) * 12 * Double(lanes) * 2
                    rates[part] = flops / max(threadProcessorTime() - start, 1e-9) / 1e9
                }
                best = max(best, rates.reduce(0, +))
            }
        }
        return best
    }

    /// A register tile's micro-kernel alone on operands that stay in the L1 cache (one thread,
    /// timed by its processor time, best of `repetitions`): the ceiling for every `gemm` path.
    public static func microKernelRate(
        tile: GemmRegisterTile = .preferred, depth: Int = 256, repetitions: Int = 5
    ) -> Double {
        let rows = tile.rows, columns = GemmTiling.columns
        let a = UnsafeMutablePointer<Float>.allocate(capacity: depth * rows)
        let b = UnsafeMutablePointer<Float>.allocate(capacity: depth * columns)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        a.initialize(repeating: 0.001, count: depth * rows)
        b.initialize(repeating: 0.002, count: depth * columns)
        c.initialize(repeating: 0, count: rows * columns)
        let calls = 20_000
        var best = 0.0
        for _ in 0..<repetitions {
            let start = threadProcessorTime()
            for _ in 0..<calls {
                // One call covers a whole B panel: one wide tile or two narrow ones.
                switch tile {
                case .wide:
                    gemmMicroKernel(depth: depth, a: a, b: b, c: c, ldc: columns, alpha: 1, beta: 1)
                case .narrow:
                    gemmNarrowMicroKernel(depth: depth, a: a, b: b, c: c, ldc: columns, alpha: 1, beta: 1)
                    gemmNarrowMicroKernel(depth: depth, a: a, b: b + 16, c: c + 16, ldc: columns, alpha: 1, beta: 1)
                }
            }
            let seconds = threadProcessorTime() - start
            best = max(best, Double(calls) * Double(depth * rows * columns * 2) / max(seconds, 1e-9) / 1e9)
        }
        return best
    }

    /// Seconds of processor time used by the calling thread.
    private static func threadProcessorTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    @inline(never)
    private static func fmaChains16(iterations: Int, seed: Float) -> Float {
        fmaChains(iterations: iterations, seed: SIMD16<Float>(repeating: seed))
    }

    @inline(never)
    private static func fmaChains8(iterations: Int, seed: Float) -> Float {
        fmaChains(iterations: iterations, seed: SIMD8<Float>(repeating: seed))
    }

    /// Twelve independent FMA chains: enough to cover the FMA latency on two ports.
    @inline(__always)
    private static func fmaChains<V: SIMD>(iterations: Int, seed s0: V) -> Float where V.Scalar == Float {
        var s0 = s0, s1 = s0 + 1, s2 = s0 + 2, s3 = s0 + 3
        var s4 = s0 + 4, s5 = s0 + 5, s6 = s0 + 6, s7 = s0 + 7
        var s8 = s0 + 8, s9 = s0 + 9, s10 = s0 + 10, s11 = s0 + 11
        let x = V(repeating: 0.999), y = V(repeating: 1e-4)
        for _ in 0..<iterations {
            s0 = s0.addingProduct(x, y); s1 = s1.addingProduct(x, y); s2 = s2.addingProduct(x, y)
            s3 = s3.addingProduct(x, y); s4 = s4.addingProduct(x, y); s5 = s5.addingProduct(x, y)
            s6 = s6.addingProduct(x, y); s7 = s7.addingProduct(x, y); s8 = s8.addingProduct(x, y)
            s9 = s9.addingProduct(x, y); s10 = s10.addingProduct(x, y); s11 = s11.addingProduct(x, y)
        }
        return (s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11).sum()
    }

    private static func formatted(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        let digits = text.split(separator: ".").last?.count ?? 0
        if digits < decimals { text += String(repeating: "0", count: decimals - digits) }
        return text
    }
}
