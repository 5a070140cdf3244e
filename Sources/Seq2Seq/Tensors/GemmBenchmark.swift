import Dispatch

/// Measures `gemm` throughput at the shapes the models use, for `s2s bench`.
public enum GemmBenchmark {
    /// The throughput of one benchmarked product.
    public struct Result: Sendable, CustomStringConvertible {
        /// What the product stands for, e.g. "forward X·Wᵀ (packed)".
        public let name: String
        public let m: Int, n: Int, k: Int
        public let threads: Int
        /// Median time of one call, in milliseconds.
        public let milliseconds: Double
        /// `2·m·n·k` floating-point operations per median call time, in GFLOP/s.
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

    static let cases: [Case] = [
        Case(name: "forward X·Wᵀ (packed W)", m: 64, n: 1024, k: 512, transposeA: false, transposeB: true, packed: true, beta: 0),
        Case(name: "forward X·Wᵀ (unpacked)", m: 64, n: 1024, k: 512, transposeA: false, transposeB: true, packed: false, beta: 0),
        Case(name: "plain A·B", m: 64, n: 1024, k: 512, transposeA: false, transposeB: false, packed: false, beta: 0),
        Case(name: "output X·Wᵀ (packed W)", m: 64, n: 8000, k: 256, transposeA: false, transposeB: true, packed: true, beta: 0),
        Case(name: "output X·Wᵀ (unpacked)", m: 64, n: 8000, k: 256, transposeA: false, transposeB: true, packed: false, beta: 0),
        Case(name: "square A·B", m: 512, n: 512, k: 512, transposeA: false, transposeB: false, packed: false, beta: 0),
        Case(name: "backward dX = dG·W (packed W)", m: 64, n: 512, k: 1024, transposeA: false, transposeB: false, packed: true, beta: 0),
        Case(name: "backward dX = dG·W (unpacked)", m: 64, n: 512, k: 1024, transposeA: false, transposeB: false, packed: false, beta: 0),
        Case(name: "backward dW += dGᵀ·X", m: 1024, n: 512, k: 64, transposeA: true, transposeB: false, packed: false, beta: 1),
        Case(name: "output dW += dGᵀ·X", m: 8000, n: 256, k: 64, transposeA: true, transposeB: false, packed: false, beta: 1),
    ]

    /// Times every case on a fresh pool of `threads` threads and returns the median of
    /// `repetitions` rounds. A round lasts about `workScale` × 20 ms at 100 GFLOP/s.
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
        times.sort()
        let median = times[times.count / 2]
        return Result(name: test.name, m: test.m, n: test.n, k: test.k, threads: pool.threadCount,
                      milliseconds: median / 1e6, gigaflops: flops / median)
    }

    /// Measures the machine's fused multiply-add peak on `threads` threads (GFLOP/s, median
    /// of `repetitions`), the yardstick for the `gemm` figures.
    public static func fmaPeak(threads: Int, repetitions: Int = 5) -> Double {
        let pool = WorkerPool(threadCount: threads)
        let iterations = 2_000_000
        var rates: [Double] = []
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            pool.parallelFor(pool.threadCount) { part in
                let sink = fmaChains(iterations: iterations, seed: Float(part))
                if sink == .infinity { print(sink) }
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
            rates.append(Double(pool.threadCount) * Double(iterations) * 12 * 16 * 2 / elapsed)
        }
        rates.sort()
        return rates[rates.count / 2]
    }

    /// Twelve independent FMA chains: enough to cover the FMA latency on two ports.
    @inline(never)
    private static func fmaChains(iterations: Int, seed: Float) -> Float {
        var s0 = GemmVector(repeating: seed), s1 = s0 + 1, s2 = s0 + 2, s3 = s0 + 3
        var s4 = s0 + 4, s5 = s0 + 5, s6 = s0 + 6, s7 = s0 + 7
        var s8 = s0 + 8, s9 = s0 + 9, s10 = s0 + 10, s11 = s0 + 11
        let x = GemmVector(repeating: 0.999), y = GemmVector(repeating: 1e-4)
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
