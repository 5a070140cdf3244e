/// The rows of a table's gradient that may be nonzero: those written since the optimizer last
/// cleared it.
///
/// A batch touches the embedding rows of its own tokens only (a few hundred of several thousand
/// on the shipped corpus), yet the optimizer and the gradient norm would stream every row's
/// gradient from memory to find it zero. With this record they read and clear the marked rows'
/// gradients and skip the rest, whose gradient is known to be zero; the result is bitwise the
/// same as the dense pass (see `Adam.update` and `GradientNorm`).
///
/// Whoever writes into a tracked gradient must mark the rows it writes (`Embedding.backward`
/// does); marking a row whose gradient stays zero is harmless.
public final class GradientRows {
    /// Scalars per row.
    public let rowLength: Int
    /// One flag per row (0 or 1).
    private let flags: UnsafeMutableBufferPointer<UInt8>
    /// The marked rows, in marking order, so clearing costs as many writes as there are marks.
    private var marked: [Int32] = []

    public init(rows: Int, rowLength: Int) {
        self.rowLength = rowLength
        flags = .allocate(capacity: rows)
        flags.initialize(repeating: 0)
    }

    deinit { flags.deallocate() }

    /// The number of rows.
    public var rows: Int { flags.count }

    /// Records that row `row`'s gradient may now be nonzero.
    @inline(__always)
    public func mark(_ row: Int) {
        if flags[row] == 0 {
            flags[row] = 1
            marked.append(Int32(row))
        }
    }

    /// Whether row `row` is marked.
    @inline(__always)
    public func isMarked(_ row: Int) -> Bool { flags[row] != 0 }

    /// The number of marked rows.
    public var markedCount: Int { marked.count }

    /// Forgets every mark (once the marked rows' gradients are zero again).
    public func clear() {
        for row in marked { flags[Int(row)] = 0 }
        marked.removeAll(keepingCapacity: true)
    }

    /// Whether the skipping passes may use this record: rows must be whole 64-float groups so
    /// that skipping a row leaves every other value in the same vector lane as the dense pass
    /// (which keeps the gradient norm's sum bitwise the same).
    var isUsable: Bool { rowLength > 0 && rowLength % 64 == 0 }

    /// Calls `body(range, marked)` for the runs of `start ..< start + count` (offsets into the
    /// flattened table) that lie in one row, in order.
    @inline(__always)
    func forEachRowSegment(start: Int, count: Int, _ body: (Range<Int>, Bool) -> Void) {
        var offset = start
        let end = start + count
        while offset < end {
            let row = offset / rowLength
            let segmentEnd = min(end, (row + 1) * rowLength)
            body(offset..<segmentEnd, flags[row] != 0)
            offset = segmentEnd
        }
    }
}
