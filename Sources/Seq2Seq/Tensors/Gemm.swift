/// C = alpha·op(A)·op(B) + beta·C on row-major matrices (temporary simple version; the tuned
/// kernel replaces this file).
public func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    for i in 0..<m {
        let row = c + i &* ldc
        if beta == 0 { row.update(repeating: 0, count: n) } else if beta != 1 { for j in 0..<n { row[j] *= beta } }
        if transposeB {
            for j in 0..<n {
                var s: Float = 0
                let bRow = b + j &* ldb
                for p in 0..<k { s += (transposeA ? a[p &* lda &+ i] : a[i &* lda &+ p]) * bRow[p] }
                row[j] += alpha * s
            }
        } else {
            for p in 0..<k {
                let x = alpha * (transposeA ? a[p &* lda &+ i] : a[i &* lda &+ p])
                if x == 0 { continue }
                let bRow = b + p &* ldb
                for j in 0..<n { row[j] += x * bRow[j] }
            }
        }
    }
}
