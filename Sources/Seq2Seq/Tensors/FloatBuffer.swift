#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        pointer = Self.allocateZeroed(capacity)
        self.count = count
    }

    /// Zeroed memory from `calloc`: large blocks come straight from the kernel as zero pages
    /// that cost nothing until touched, so buffers a run never uses (a translating model's
    /// gradients and optimizer moments) take neither time nor memory.
    private static func allocateZeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        guard let raw = calloc(count, MemoryLayout<Float>.stride) else {
            fatalError("FloatBuffer: out of memory allocating \(count) floats")
        }
        return raw.bindMemory(to: Float.self, capacity: count)
    }

    /// A buffer holding a copy of `values`.
    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { free(pointer) }

    /// Sets the element count, reallocating only when it exceeds the capacity. Contents are zeroed
    /// when `zeroed` (the default); otherwise the first elements are kept (so a buffer can grow
    /// step by step) and any new ones are zero.
    public func resize(_ newCount: Int, zeroed: Bool = true) {
        if newCount > capacity {
            // Grow geometrically: per-step caches grow one step at a time.
            let newCapacity = max(newCount, capacity + capacity / 2)
            let newPointer = Self.allocateZeroed(newCapacity)
            if !zeroed { newPointer.update(from: pointer, count: count) }
            free(pointer)
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
