import Synchronization

/// Packing buffers for a `gemm` call or one thread's share of it, recycled through a
/// lock-protected free list so that hot calls never allocate (fresh large allocations would
/// page-fault on every call).
final class GemmScratch: @unchecked Sendable {
    /// A block of op(B): `depth × columnBlock` floats in 32-column panels.
    let packedB: UnsafeMutablePointer<Float>
    /// One register tile (8×32 floats, room for either tile), for edge tiles.
    let edgeTile: UnsafeMutablePointer<Float>
    /// op(A) packed for a whole call (grown on demand, never shrunk).
    private(set) var packedA: UnsafeMutablePointer<Float>
    private var packedACapacity: Int
    /// op(B) packed for a whole call (grown on demand, never shrunk).
    private(set) var packedWholeB: UnsafeMutablePointer<Float>
    private var packedWholeBCapacity = 1

    private init() {
        packedB = Self.allocate(GemmTiling.depth * GemmTiling.columnBlock)
        edgeTile = Self.allocate(GemmRegisterTile.wide.rows * GemmRegisterTile.wide.columns)
        packedACapacity = GemmRegisterTile.wide.rowBlock * GemmTiling.depth
        packedA = Self.allocate(packedACapacity)
        packedWholeB = Self.allocate(packedWholeBCapacity)
    }

    deinit {
        packedA.deallocate()
        packedWholeB.deallocate()
        packedB.deallocate()
        edgeTile.deallocate()
    }

    /// Makes `packedA` hold at least `count` floats.
    func reservePackedA(_ count: Int) {
        guard count > packedACapacity else { return }
        packedA.deallocate()
        packedACapacity = count
        packedA = Self.allocate(count)
    }

    /// Makes `packedWholeB` hold at least `count` floats.
    func reservePackedWholeB(_ count: Int) {
        guard count > packedWholeBCapacity else { return }
        packedWholeB.deallocate()
        packedWholeBCapacity = count
        packedWholeB = Self.allocate(count)
    }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
        return raw.initializeMemory(as: Float.self, repeating: 0, count: count)
    }

    private static let freeList = Mutex<[GemmScratch]>([])

    /// Runs `body` with a scratch set that no other thread uses meanwhile.
    static func with<Result>(_ body: (GemmScratch) -> Result) -> Result {
        let scratch = freeList.withLock { $0.popLast() } ?? GemmScratch()
        defer { freeList.withLock { $0.append(scratch) } }
        return body(scratch)
    }
}
