/// The textbook triple loop for `C = alpha·op(A)·op(B) + beta·C` on row-major matrices.
///
/// It is the oracle the tuned `gemm` is tested against; nothing on a hot path calls it.
/// `op(A)` is `m×k` (A stored `k×m` when `transposeA`), `op(B)` is `k×n` (B stored `n×k`
/// when `transposeB`); `lda`, `ldb`, `ldc` are row strides of the stored matrices.
public func referenceGemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum: Double = 0
            for p in 0..<k {
                let x = transposeA ? a[p * lda + i] : a[i * lda + p]
                let y = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                sum += Double(x) * Double(y)
            }
            let old = beta == 0 ? 0 : beta * c[i * ldc + j]
            c[i * ldc + j] = alpha * Float(sum) + old
        }
    }
}
