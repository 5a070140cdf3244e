/// An owned, growable block of floats with a stable pointer.
///
/// Layers keep their activations and gradients in these so the time loops work on raw pointers
/// without nested `withUnsafe…` closures, and so workspaces are allocated once and reused
/// across batches (`ensureCapacity` only ever grows).
public final class FloatBuffer {
    /// The first element; valid for `count` elements until the next `resize`.
    public private(set) var pointer: UnsafeMutablePointer<Float>
    /// The number of elements in use.
    public private(set) var count: Int
    private var capacity: Int

    /// A zero-filled buffer of `count` elements.
    public init(count: Int = 0) {
        capacity = max(count, 16)
        pointer = .allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
        self.count = count
    }

    /// A buffer holding a copy of `values`.
    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { pointer.deallocate() }

    /// Sets the element count, reallocating only when it exceeds the capacity. Contents are zeroed
    /// when `zeroed` (the default); otherwise the first elements are kept (so a buffer can grow
    /// step by step) and any new ones are zero.
    public func resize(_ newCount: Int, zeroed: Bool = true) {
        if newCount > capacity {
            // Grow geometrically: per-step caches grow one step at a time.
            let newCapacity = max(newCount, capacity + capacity / 2)
            let newPointer = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity)
            newPointer.initialize(repeating: 0, count: newCapacity)
            if !zeroed { newPointer.update(from: pointer, count: count) }
            pointer.deallocate()
            pointer = newPointer
            capacity = newCapacity
        } else if zeroed {
            pointer.update(repeating: 0, count: newCount)
        }
        count = newCount
    }

    /// Sets every element in use to zero.
    public func zero() { pointer.update(repeating: 0, count: count) }

    /// Element access (bounds unchecked in release builds).
    public subscript(index: Int) -> Float {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }

    /// A copy of the contents.
    public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// Overwrites the contents with `values` (whose count must equal `count`).
    public func copy(from values: [Float]) {
        precondition(values.count == count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
    }
}
