/// Fixed-size pieces of a list of buffers (for example every parameter of a model), so that an
/// elementwise pass over all of them can be spread over a `WorkerPool`.
///
/// The pieces depend only on the buffer sizes, never on the thread count, so a reduction that
/// sums per-piece results in piece order gives the same bits on any number of threads.
struct BufferChunks {
    /// Floats per piece: big enough to amortise a hand-off, small enough to balance two threads.
    static let defaultSize = 1 << 14

    /// One piece: `count` elements of buffer `buffer` from `start`.
    struct Chunk {
        let buffer: Int
        let start: Int
        let count: Int
    }

    let chunks: [Chunk]

    /// Cuts buffers of the given element counts into pieces of at most `size` elements (a
    /// multiple of 16, so every piece but a buffer's last is whole vectors).
    init(counts: [Int], size: Int = BufferChunks.defaultSize) {
        var chunks: [Chunk] = []
        for (buffer, count) in counts.enumerated() {
            var start = 0
            while start < count {
                let length = min(size, count - start)
                chunks.append(Chunk(buffer: buffer, start: start, count: length))
                start += length
            }
        }
        self.chunks = chunks
    }

    var count: Int { chunks.count }
    subscript(index: Int) -> Chunk { chunks[index] }
}
