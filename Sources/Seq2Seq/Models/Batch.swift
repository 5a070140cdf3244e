/// A padded mini-batch of sentence pairs in the layouts the layers want.
///
/// Source ids are batch-major (`[B, S]`, one sentence per row); target ids are time-major
/// (`[T, B]`), because the decoder walks the target one step at a time. Padding is id 0.
public struct Batch {
    public let size: Int
    public let sourceLength: Int
    public let sourceLengths: [Int]
    /// `[B, S]`.
    public let source: [Int32]
    /// `T`: the longest target plus one (for `<s>` in the input and `</s>` in the output).
    public let targetLength: Int
    /// `[T, B]`: `<s> y1 … yn`, padded.
    public let targetInput: [Int32]
    /// `[T, B]`: `y1 … yn </s>`, padded.
    public let targetOutput: [Int32]
    /// The number of real target tokens (including `</s>`).
    public let targetTokens: Int

    /// Builds a batch from id sequences (without `<s>`/`</s>`). `targets` may be empty for
    /// inference-only batches.
    public init(sources: [[Int32]], targets: [[Int32]] = []) {
        // Ids 2 and 3 are `<s>` and `</s>` in every `Vocabulary`.
        size = sources.count
        sourceLengths = sources.map { max($0.count, 1) }
        sourceLength = sourceLengths.max() ?? 1
        var source = [Int32](repeating: 0, count: size * sourceLength)
        for (b, s) in sources.enumerated() {
            if s.isEmpty { source[b * sourceLength] = 3 }
            for (t, id) in s.enumerated() { source[b * sourceLength + t] = id }
        }
        self.source = source
        let T = (targets.map(\.count).max() ?? 0) + 1
        targetLength = targets.isEmpty ? 0 : T
        var input = [Int32](repeating: 0, count: targets.isEmpty ? 0 : T * size)
        var output = input
        var tokens = 0
        for (b, y) in targets.enumerated() {
            input[b] = 2
            for (t, id) in y.enumerated() {
                input[(t + 1) * size + b] = id
                output[t * size + b] = id
            }
            output[y.count * size + b] = 3
            tokens += y.count + 1
        }
        targetInput = input
        targetOutput = output
        targetTokens = tokens
    }
}
