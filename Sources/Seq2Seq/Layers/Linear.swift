/// A fully connected layer `y = x·Wᵀ + b` applied to a batch of rows.
///
/// It keeps no cache: `backward` takes the forward input again, so the caller decides what to
/// keep (the decoders keep all time steps and call it once for the whole sequence).
public final class Linear {
    /// `[out, in]`.
    public let weight: Parameter
    /// `[out]`, or nil for a layer without bias.
    public let bias: Parameter?
    public let inputSize: Int
    public let outputSize: Int

    public init(name: String, inputSize: Int, outputSize: Int, bias hasBias: Bool, random: inout RandomGenerator) {
        self.inputSize = inputSize
        self.outputSize = outputSize
        weight = Parameter(name: name + ".weight", shape: [outputSize, inputSize])
        weight.initializeUniform(limit: 1 / Float(inputSize).squareRoot(), using: &random)
        bias = hasBias ? Parameter(name: name + ".bias", shape: [outputSize]) : nil
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// `output[rows, out] = input[rows, in]·Wᵀ + b`. With `packed`, uses the snapshot taken by
    /// `weight.pack` (faster for the many small per-step products of a sequence).
    public func forward(input: UnsafePointer<Float>, rows: Int, output: UnsafeMutablePointer<Float>, packed: Bool = false) {
        if packed, let w = weight.packedTransposed {
            gemm(transposeA: false, m: rows, a: input, lda: inputSize, b: w, beta: 0, c: output, ldc: outputSize)
        } else {
            gemm(transposeA: false, transposeB: true, m: rows, n: outputSize, k: inputSize,
                 a: input, lda: inputSize, b: weight.value.pointer, ldb: inputSize, beta: 0, c: output, ldc: outputSize)
        }
        if let bias {
            let b = UnsafePointer(bias.value.pointer), columns = outputSize
            // The output layer's logits are megabytes: one thread alone would leave the other idle.
            let parts = rows * columns >= 1 << 16 ? 2 * WorkerPool.shared.threadCount : 1
            WorkerPool.shared.parallelFor(rangesOf: rows, parts: parts) { range in
                for r in range {
                    let y = output + r &* columns
                    for j in 0..<columns { y[j] += b[j] }
                }
            }
        }
    }

    /// Accumulates dW += dYᵀ·X and db += Σ dY; writes (or adds, when `accumulate`) dX = dY·W.
    public func backward(
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>, rows: Int,
        inputGradient: UnsafeMutablePointer<Float>?, accumulate: Bool = false
    ) {
        gemm(transposeA: true, transposeB: false, m: outputSize, n: inputSize, k: rows,
             a: outputGradient, lda: outputSize, b: input, ldb: inputSize, beta: 1,
             c: weight.gradient.pointer, ldc: inputSize)
        if let bias {
            accumulateColumnSums(of: outputGradient, rows: rows, columns: outputSize, into: bias.gradient.pointer)
        }
        if let inputGradient {
            gemm(transposeA: false, transposeB: false, m: rows, n: inputSize, k: outputSize,
                 a: outputGradient, lda: outputSize, b: weight.value.pointer, ldb: inputSize,
                 beta: accumulate ? 1 : 0, c: inputGradient, ldc: inputSize)
        }
    }
}
