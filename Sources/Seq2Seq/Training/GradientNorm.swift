/// The global L2 norm of all gradients, and the factor that clips it to `maxNorm`
/// (Pascanu et al. 2013). A non-finite norm means a poisoned step that must be skipped.
///
/// The sum of squares runs over fixed-size pieces of the gradients spread over a `WorkerPool`;
/// the pieces' partial sums are added in piece order, so the norm is the same on any number of
/// threads.
public struct GradientNorm {
    public let norm: Double

    public init(_ parameters: [Parameter], pool: WorkerPool = .shared) {
        let gradients = parameters.map { UnsafePointer($0.gradient.pointer) }
        let writtenRows = parameters.map(\.skippableGradientRows)
        let chunks = BufferChunks(counts: parameters.map(\.count))
        let partials = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(chunks.count, 1))
        defer { partials.deallocate() }
        // An initialiser owns its arguments: without this, a caller passing its last reference
        // lets the parameters (and the buffers `gradients` points into) be freed right after
        // the two `map`s, before the sums read them (found by AddressSanitizer).
        withExtendedLifetime(parameters) {
            pool.parallelFor(chunks.count) { index in
                let chunk = chunks[index], gradient = gradients[chunk.buffer]
                var sums = Sums()
                if let rows = writtenRows[chunk.buffer] {
                    // Rows nobody wrote are zero and would add exactly nothing to any lane.
                    rows.forEachRowSegment(start: chunk.start, count: chunk.count) { range, written in
                        if written { sums.add(gradient + range.lowerBound, count: range.count) }
                    }
                } else {
                    sums.add(gradient + chunk.start, count: chunk.count)
                }
                partials[index] = sums.total
            }
        }
        var sum: Double = 0
        for index in 0..<chunks.count { sum += partials[index] }
        norm = sum.squareRoot()
    }

    /// The norm from a plain double-precision loop (the test oracle).
    public static func reference(_ parameters: [Parameter]) -> Double {
        var sum: Double = 0
        for p in parameters {
            for i in 0..<p.count { sum += Double(p.gradient[i]) * Double(p.gradient[i]) }
        }
        return sum.squareRoot()
    }

    public var isFinite: Bool { norm.isFinite }

    /// The scale to apply to the gradients so their norm is at most `maxNorm`.
    public func clippingScale(maxNorm: Double) -> Float {
        norm > maxNorm ? Float(maxNorm / norm) : 1
    }

    /// Σ x² over one piece: four 16-lane float accumulators (a piece is short enough for float
    /// partial sums), combined in double. Runs added one after another land in the same lanes
    /// as one run would when each is a whole number of 64-float groups.
    private struct Sums {
        typealias V = SIMD16<Float>
        var s0 = V(), s1 = V(), s2 = V(), s3 = V()
        /// Elements after the last whole vector, added in double at the end (only a buffer's
        /// last piece has them).
        var tail: UnsafePointer<Float>? = nil, tailCount = 0

        @inline(__always)
        mutating func add(_ x: UnsafePointer<Float>, count: Int) {
            @inline(__always) func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
            var i = 0
            while i &+ 64 <= count {
                let a = load(x + i), b = load(x + (i &+ 16)), c = load(x + (i &+ 32)), d = load(x + (i &+ 48))
                s0 = s0.addingProduct(a, a); s1 = s1.addingProduct(b, b)
                s2 = s2.addingProduct(c, c); s3 = s3.addingProduct(d, d)
                i &+= 64
            }
            while i &+ 16 <= count {
                let a = load(x + i)
                s0 = s0.addingProduct(a, a)
                i &+= 16
            }
            if i < count { tail = x + i; tailCount = count &- i }
        }

        var total: Double {
            var total = Double(((s0 + s1) + (s2 + s3)).sum())
            if let tail { for i in 0..<tailCount { total += Double(tail[i]) * Double(tail[i]) } }
            return total
        }
    }
}
