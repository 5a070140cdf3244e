/// CRC-32C (Castagnoli polynomial, reflected 0x82F63B78), the checksum stored in checkpoints.
///
/// Computed in software with slicing-by-8 tables, eight bytes per step on four interleaved
/// streams for long buffers, so hashing a checkpoint costs far less than writing it. Feed
/// bytes in any number of `update` calls; the result equals one call over the concatenation.
public struct CRC32C: Sendable {
    private var state: UInt32 = 0xFFFF_FFFF

    /// A checksum of no bytes yet.
    public init() {}

    /// The CRC-32C of `bytes` in one call.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }

    /// The CRC-32C of `bytes` in one call.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// The checksum of all bytes fed so far.
    public var value: UInt32 { ~state }

    /// Feeds `bytes` into the checksum, hashing large buffers in pieces on all of `pool`'s
    /// threads and joining the pieces' checksums with `append` (same result as `update`).
    public mutating func update(_ bytes: UnsafeRawBufferPointer, pool: WorkerPool) {
        let pieces = min(pool.threadCount * 2, bytes.count / Self.parallelPieceBytes)
        guard pieces > 1 else { return update(bytes) }
        var partial = [CRC32C](repeating: CRC32C(), count: pieces)
        let bounds = (0...pieces).map { bytes.count * $0 / pieces }
        partial.withUnsafeMutableBufferPointer { partial in
            pool.parallelFor(pieces) { piece in
                partial[piece].update(UnsafeRawBufferPointer(rebasing: bytes[bounds[piece]..<bounds[piece + 1]]))
            }
        }
        for piece in 0..<pieces { append(partial[piece], length: bounds[piece + 1] - bounds[piece]) }
    }

    /// Below this many bytes per piece a thread hand-off costs more than it saves.
    static let parallelPieceBytes = 1 << 18

    /// Extends this checksum as if the `length` bytes hashed by `other` (from a fresh start)
    /// had been fed to it: the combination of zlib's `crc32_combine`, by multiplying with
    /// x^(8·length) modulo the polynomial.
    public mutating func append(_ other: CRC32C, length: Int) {
        guard length > 0 else { return }
        let combined = Self.multiplyModP(Self.xPowerModP(eightTimes: length), value) ^ other.value
        state = ~combined
    }

    /// a·b modulo the polynomial, in the reflected bit order (bit 31 is x⁰).
    fileprivate static func multiplyModP(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var a = a, b = b, product: UInt32 = 0
        while a != 0 {
            if a & 0x8000_0000 != 0 { product ^= b }
            a <<= 1
            b = b & 1 != 0 ? (b >> 1) ^ 0x82F6_3B78 : b >> 1
        }
        return product
    }

    /// x^(8·n) modulo the polynomial, by squaring: `powers[k]` is x^(2^k).
    private static func xPowerModP(eightTimes n: Int) -> UInt32 {
        var result: UInt32 = 0x8000_0000  // x⁰
        var n = n, k = 3  // 8·n = n·2³
        while n > 0 {
            if n & 1 != 0 { result = multiplyModP(crc32cPowers[k], result) }
            n >>= 1
            k += 1
        }
        return result
    }

    /// Feeds `bytes` into the checksum. Long buffers are hashed as four interleaved streams
    /// (each eight-byte step of the table method waits on the previous one; four independent
    /// chains keep the loads busy) whose checksums are then joined with `append`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        let quarter = bytes.count / 4 / 8 * 8
        guard quarter >= Self.interleavedStreamBytes else {
            state = Self.tableUpdate(state, base, count: bytes.count)
            return
        }
        var streams = (state, UInt32(0xFFFF_FFFF), UInt32(0xFFFF_FFFF), UInt32(0xFFFF_FFFF))
        crc32cTables.withUnsafeBufferPointer { table in
            @inline(__always) func step(_ crc: UInt32, _ offset: Int) -> UInt32 {
                Self.eightBytes(crc, base.loadUnaligned(fromByteOffset: offset, as: UInt64.self), table)
            }
            var offset = 0
            while offset < quarter {
                streams.0 = step(streams.0, offset)
                streams.1 = step(streams.1, quarter &+ offset)
                streams.2 = step(streams.2, 2 &* quarter &+ offset)
                streams.3 = step(streams.3, 3 &* quarter &+ offset)
                offset &+= 8
            }
        }
        state = streams.0
        append(CRC32C(state: streams.1), length: quarter)
        append(CRC32C(state: streams.2), length: quarter)
        append(CRC32C(state: streams.3), length: quarter)
        // The last bytes (fewer than 32) in one stream.
        state = Self.tableUpdate(state, base + 4 * quarter, count: bytes.count - 4 * quarter)
    }

    /// Below this many bytes per stream, joining four streams costs more than it saves.
    static let interleavedStreamBytes = 1 << 12

    private init(state: UInt32) { self.state = state }

    /// One step of the slicing-by-8 method: the checksum after eight more bytes (`bytes` as
    /// loaded from memory, first byte lowest on this little-endian target).
    @inline(__always)
    private static func eightBytes(_ crc: UInt32, _ bytes: UInt64, _ table: UnsafeBufferPointer<UInt32>) -> UInt32 {
        let word = UInt64(littleEndian: bytes) ^ UInt64(crc)
        return table[7 * 256 + Int(word & 0xFF)]
            ^ table[6 * 256 + Int((word >> 8) & 0xFF)]
            ^ table[5 * 256 + Int((word >> 16) & 0xFF)]
            ^ table[4 * 256 + Int((word >> 24) & 0xFF)]
            ^ table[3 * 256 + Int((word >> 32) & 0xFF)]
            ^ table[2 * 256 + Int((word >> 40) & 0xFF)]
            ^ table[1 * 256 + Int((word >> 48) & 0xFF)]
            ^ table[Int(word >> 56)]
    }

    /// The slicing-by-8 table method on one stream: eight bytes per step, then byte by byte.
    private static func tableUpdate(_ state: UInt32, _ base: UnsafeRawPointer, count: Int) -> UInt32 {
        var crc = state
        var index = 0
        crc32cTables.withUnsafeBufferPointer { table in
            while count - index >= 8 {
                crc = eightBytes(crc, base.loadUnaligned(fromByteOffset: index, as: UInt64.self), table)
                index += 8
            }
            while index < count {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        return crc
    }
}

/// Eight 256-entry tables: table k maps a byte to its CRC contribution k bytes further on.
private let crc32cTables: [UInt32] = {
    var table = [UInt32](repeating: 0, count: 8 * 256)
    for byte in 0..<256 {
        var crc = UInt32(byte)
        for _ in 0..<8 {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
        }
        table[byte] = crc
    }
    for slice in 1..<8 {
        for byte in 0..<256 {
            let previous = table[(slice - 1) * 256 + byte]
            table[slice * 256 + byte] = table[Int(previous & 0xFF)] ^ (previous >> 8)
        }
    }
    return table
}()

/// x^(2^k) modulo the polynomial for k = 0..<64, in the reflected bit order (enough for any
/// length below 2^60 bytes; no periodicity of the powers is assumed).
private let crc32cPowers: [UInt32] = {
    var powers = [UInt32](repeating: 0, count: 64)
    var p: UInt32 = 0x4000_0000  // x¹
    for k in 0..<64 {
        powers[k] = p
        p = CRC32C.multiplyModP(p, p)
    }
    return powers
}()
