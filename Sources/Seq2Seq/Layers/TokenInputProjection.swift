/// The embedding part of an LSTM's input product, computed once per distinct token of a batch
/// instead of once per position.
///
/// An LSTM whose input starts with an embedding, `xh = [E[id] ; rest]`, multiplies every row by
/// the weight's first `E` columns `W_x`. When nothing perturbs the embedding per position (no
/// dropout on it), that product depends only on the token, so forward and both backward
/// products shrink from one row per position to one row per distinct token (in a batch of 64
/// short sentences, about 40–45 % as many):
///
///     forward:   z_t  = P[id_t] + rest_t·W_restᵀ        P[u] = E[u]·W_xᵀ + b
///     backward:  S[u] = Σ_{t: id_t = u} dz_t            (the gate gradients summed per token)
///                dW_x += Sᵀ·E_U      dE[u] += S[u]·W_x
///
/// The same sums in a different order as the per-position products, so results agree with
/// them to rounding (tested), not bitwise. The bias is folded into `P`, so the cell's pointwise
/// pass reads `P[id_t]` where it would read `b`.
public final class TokenInputProjection {
    /// Row `u` holds `E[u]·W_xᵀ + b` for the `u`-th distinct token of the last `forward` (`[U, 4H]`).
    public let table = FloatBuffer()
    /// Per position (row) of the last `forward`, the row of `table` its token uses (`rows` of them).
    public var slots: UnsafePointer<Int32> { UnsafePointer(slotStorage) }
    /// The number of positions of the last `forward`.
    public private(set) var rows = 0
    /// The distinct tokens of the last `forward`, in order of first appearance.
    public private(set) var distinctTokens: [Int32] = []

    private let embeddings = FloatBuffer()         // [U, E]: the distinct tokens' vectors
    private let gradientSums = FloatBuffer()       // [U, 4H]
    private let embeddingGradients = FloatBuffer() // [U, E]
    private var slotOfToken: [Int32] = []          // by token id; -1 where unused

    private var slotStorage = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private var slotCapacity = 1

    public init() {}

    deinit { slotStorage.deallocate() }

    /// Builds `table` for the tokens `ids` (one per row) from `embedding` and the first
    /// `embedding.dimension` columns of `weight` (`[4H, I]`) plus `bias` (`[4H]`).
    public func forward(ids: UnsafePointer<Int32>, count: Int, embedding: Embedding,
                        weight: Parameter, bias: Parameter) {
        let E = embedding.dimension, G = weight.shape[0], I = weight.shape[1]
        if slotOfToken.count != embedding.vocabularySize {
            slotOfToken = [Int32](repeating: -1, count: embedding.vocabularySize)
        }
        distinctTokens.removeAll(keepingCapacity: true)
        if count > slotCapacity {
            slotStorage.deallocate()
            slotCapacity = max(count, 2 * slotCapacity)
            slotStorage = .allocate(capacity: slotCapacity)
        }
        rows = count
        for r in 0..<count {
            let id = Int(ids[r])
            if slotOfToken[id] < 0 {
                slotOfToken[id] = Int32(distinctTokens.count)
                distinctTokens.append(ids[r])
            }
            slotStorage[r] = slotOfToken[id]
        }
        for id in distinctTokens { slotOfToken[Int(id)] = -1 }

        let U = distinctTokens.count
        embeddings.resize(U * E, zeroed: false)
        embedding.forward(ids: distinctTokens, count: U, output: embeddings.pointer)
        table.resize(U * G, zeroed: false)
        for u in 0..<U { (table.pointer + u * G).update(from: bias.value.pointer, count: G) }
        gemm(transposeA: false, transposeB: true, m: U, n: G, k: E, a: embeddings.pointer, lda: E,
             b: weight.value.pointer, ldb: I, beta: 1, c: table.pointer, ldc: G)
    }

    /// Adds the gradients of the embedding part given dL/dz of every row of the last `forward`
    /// (`[rows, 4H]`): into `weight`'s first `E` columns and into the embedding's rows (the
    /// padding token excluded, as `Embedding.backward` does). The bias gradient is the caller's.
    public func backward(gateGradients: UnsafePointer<Float>, embedding: Embedding, weight: Parameter) {
        let E = embedding.dimension, G = weight.shape[0], I = weight.shape[1]
        let U = distinctTokens.count, rows = self.rows, slots = self.slots
        gradientSums.resize(U * G)
        let sums = gradientSums.pointer
        // Each thread sums its own columns over all rows in row order: the same bits on any
        // thread count.
        let vectors = G / 16
        let parts = rows * G >= 1 << 15 && G % 16 == 0 ? WorkerPool.shared.threadCount : 1
        WorkerPool.shared.parallelFor(rangesOf: parts == 1 ? 1 : vectors, parts: parts) { range in
            let start = parts == 1 ? 0 : range.lowerBound &* 16
            let end = parts == 1 ? G : range.upperBound &* 16
            for r in 0..<rows {
                addRow(gateGradients + r &* G, into: sums + Int(slots[r]) &* G, from: start, to: end)
            }
        }
        gemm(transposeA: true, transposeB: false, m: G, n: E, k: U, a: sums, lda: G,
             b: embeddings.pointer, ldb: E, beta: 1, c: weight.gradient.pointer, ldc: I)
        embeddingGradients.resize(U * E, zeroed: false)
        gemm(transposeA: false, transposeB: false, m: U, n: E, k: G, a: sums, lda: G,
             b: weight.value.pointer, ldb: I, beta: 0, c: embeddingGradients.pointer, ldc: E)
        distinctTokens.withUnsafeBufferPointer {
            embedding.backward(ids: $0.baseAddress!, count: U, outputGradient: embeddingGradients.pointer)
        }
    }
}

/// `destination[j] += source[j]` for `j` in `start..<end`, 16 lanes at a time.
@inline(__always)
private func addRow(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, from start: Int, to end: Int) {
    typealias V = SIMD16<Float>
    var j = start
    while j &+ 16 <= end {
        let sum = UnsafeRawPointer(destination + j).loadUnaligned(as: V.self) + UnsafeRawPointer(source + j).loadUnaligned(as: V.self)
        UnsafeMutableRawPointer(destination + j).storeBytes(of: sum, as: V.self)
        j &+= 16
    }
    while j < end { destination[j] += source[j]; j &+= 1 }
}
