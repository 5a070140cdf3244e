/// Adds the column sums of a row-major `rows × columns` matrix to `sums` (the bias gradient of a
/// layer: Σ over rows of dY).
///
/// The columns are split over the pool and each thread walks its columns row by row, so every
/// element is summed in row order, the same bits on any thread count as the plain loop
/// `for r in rows { for j in columns { sums[j] += matrix[r][j] } }`.
public func accumulateColumnSums(of matrix: UnsafePointer<Float>, rows: Int, columns: Int,
                                 into sums: UnsafeMutablePointer<Float>, pool: WorkerPool = .shared) {
    typealias V = SIMD16<Float>
    // Vectors of 16 columns per part; small matrices are not worth a hand-off.
    let vectors = (columns + 15) / 16
    let parts = rows * columns >= 1 << 15 ? pool.threadCount : 1
    pool.parallelFor(rangesOf: vectors, parts: parts) { range in
        let start = range.lowerBound &* 16, end = min(columns, range.upperBound &* 16)
        let whole = start &+ (end &- start) / 16 &* 16
        for r in 0..<rows {
            let row = matrix + r &* columns
            var j = start
            while j < whole {
                let sum = UnsafeRawPointer(sums + j).loadUnaligned(as: V.self)
                    + UnsafeRawPointer(row + j).loadUnaligned(as: V.self)
                UnsafeMutableRawPointer(sums + j).storeBytes(of: sum, as: V.self)
                j &+= 16
            }
            while j < end {
                sums[j] += row[j]
                j &+= 1
            }
        }
    }
}
