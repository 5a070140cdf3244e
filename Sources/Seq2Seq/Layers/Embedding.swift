/// A lookup table from token ids to dense vectors.
public final class Embedding {
    /// `[V, E]`.
    public let table: Parameter
    public let vocabularySize: Int
    public let dimension: Int

    public init(name: String, vocabularySize: Int, dimension: Int, random: inout RandomGenerator) {
        self.vocabularySize = vocabularySize
        self.dimension = dimension
        table = Parameter(name: name, shape: [vocabularySize, dimension])
        table.initializeUniform(limit: 0.1, using: &random)
        // The padding row stays zero: padded positions must contribute nothing.
        table.value.pointer.update(repeating: 0, count: dimension)
        // A batch writes the gradients of its own tokens' rows only.
        table.trackGradientRows()
    }

    public var parameters: [Parameter] { [table] }

    /// Writes the vectors of `ids` as rows of `output` (`[count, E]`).
    public func forward(ids: UnsafePointer<Int32>, count: Int, output: UnsafeMutablePointer<Float>) {
        let E = dimension
        for r in 0..<count {
            (output + r * E).update(from: table.value.pointer + Int(ids[r]) * E, count: E)
        }
    }

    /// Adds each row of `outputGradient` to the gradient of its token's vector (padding excluded).
    public func backward(ids: UnsafePointer<Int32>, count: Int, outputGradient: UnsafePointer<Float>) {
        let E = dimension, g = table.gradient.pointer, rows = table.gradientRows
        for r in 0..<count where ids[r] != 0 {
            rows?.mark(Int(ids[r]))
            let dst = g + Int(ids[r]) * E, src = outputGradient + r * E
            for j in 0..<E { dst[j] += src[j] }
        }
    }
}
