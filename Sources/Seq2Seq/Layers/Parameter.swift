/// A trainable tensor: its value, the gradient accumulated by `backward`, and Adam's moments.
public final class Parameter {
    /// A stable name, used as the tensor name in checkpoints (e.g. `encoder.embedding`).
    public let name: String
    /// The shape, outermost first (weights are `[out, in]`).
    public let shape: [Int]
    /// The current value.
    public let value: FloatBuffer
    /// The gradient; layers accumulate into it, the optimizer reads and clears it.
    public let gradient: FloatBuffer
    /// Adam's first and second moment estimates.
    public let firstMoment: FloatBuffer
    public let secondMoment: FloatBuffer

    /// A zero-initialised parameter.
    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
        let count = shape.reduce(1, *)
        value = FloatBuffer(count: count)
        gradient = FloatBuffer(count: count)
        firstMoment = FloatBuffer(count: count)
        secondMoment = FloatBuffer(count: count)
    }

    /// The number of scalars.
    public var count: Int { value.count }

    /// Fills the value uniformly from [-limit, limit).
    public func initializeUniform(limit: Float, using random: inout RandomGenerator) {
        for i in 0..<count { value[i] = random.nextUniform(limit: limit) }
    }

    /// The value as a `Tensor` (for checkpoints and tests).
    public var tensor: Tensor { Tensor(shape: shape, scalars: value.array) }
}
