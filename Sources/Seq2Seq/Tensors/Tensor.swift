/// A dense, row-major float32 tensor: a shape and its scalars.
///
/// Layers keep their weights and workspaces in `Tensor`s and run their hot loops on the
/// underlying buffers (`withUnsafeBufferPointer`), so the type itself stays deliberately small.
public struct Tensor: Equatable, Sendable {
    /// The extent of each dimension, outermost first.
    public var shape: [Int]
    /// The scalars in row-major order; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Float]

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor of `shape` holding `scalars` (whose count must match the shape).
    public init(shape: [Int], scalars: [Float]) {
        precondition(scalars.count == shape.reduce(1, *), "shape \(shape) does not hold \(scalars.count) scalars")
        self.shape = shape
        self.scalars = scalars
    }

    /// The number of scalars.
    public var count: Int { scalars.count }

    /// Rows of a matrix (the first dimension).
    public var rows: Int { shape.first ?? 1 }

    /// Columns of a matrix (the product of all dimensions after the first).
    public var columns: Int { shape.dropFirst().reduce(1, *) }

    /// Scalar at a row and column of a 2-D view.
    public subscript(row: Int, column: Int) -> Float {
        get { scalars[row * columns + column] }
        set { scalars[row * columns + column] = newValue }
    }

    /// Sets every scalar to zero, keeping the storage.
    public mutating func zero() {
        scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}
