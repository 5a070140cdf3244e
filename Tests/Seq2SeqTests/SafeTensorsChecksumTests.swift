import Seq2Seq
import Testing

@Suite("CRC-32C")
struct SafeTensorsChecksumTests {
    @Test("published check values (RFC 3720 B.4 and the CRC catalogue)")
    func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
        #expect(CRC32C.checksum([]) == 0)
    }

    @Test("checksums of pieces joined with append, and the parallel update, give the one-shot checksum")
    func combined() {
        var random = RandomGenerator(seed: 21)
        let bytes = (0..<(3 << 20) + 77).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let whole = CRC32C.checksum(bytes)
        for _ in 0..<20 {
            let cut = Int(random.next() % UInt64(bytes.count + 1))
            var head = CRC32C(), tail = CRC32C()
            bytes[..<cut].withUnsafeBytes { head.update($0) }
            bytes[cut...].withUnsafeBytes { tail.update($0) }
            head.append(tail, length: bytes.count - cut)
            #expect(head.value == whole)
        }
        for threads in [1, 2, 3] {
            var crc = CRC32C()
            bytes[..<1000].withUnsafeBytes { crc.update($0) }
            bytes[1000...].withUnsafeBytes { crc.update($0, pool: WorkerPool(threadCount: threads)) }
            #expect(crc.value == whole)
        }
    }

    @Test("long buffers (hashed as four interleaved streams) match the bit-at-a-time definition")
    func interleavedStreamsMatchDefinition() {
        var random = RandomGenerator(seed: 33)
        for count in [(1 << 14) - 1, 1 << 14, (1 << 14) + 37, 100_003] {
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var bitwise: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                bitwise ^= UInt32(byte)
                for _ in 0..<8 { bitwise = bitwise & 1 != 0 ? (bitwise >> 1) ^ 0x82F6_3B78 : bitwise >> 1 }
            }
            #expect(CRC32C.checksum(bytes) == ~bitwise, "\(count) bytes")
            // After a prefix, so that the first stream continues an existing checksum.
            var crc = CRC32C()
            bytes[..<5].withUnsafeBytes { crc.update($0) }
            bytes[5...].withUnsafeBytes { crc.update($0) }
            #expect(crc.value == ~bitwise, "\(count) bytes after a prefix")
        }
    }

    @Test("any split into updates gives the one-shot checksum")
    func incremental() {
        var random = RandomGenerator(seed: 9)
        let bytes = (0..<1000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let whole = CRC32C.checksum(bytes)
        for _ in 0..<50 {
            var crc = CRC32C()
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int(random.next() % 23))
                bytes[start..<end].withUnsafeBytes { crc.update($0) }
                start = end
            }
            #expect(crc.value == whole)
        }
        // Unaligned starts exercise the eight-byte loads at every offset.
        for offset in 0..<8 {
            let tail = Array(bytes[offset...])
            var bitwise: UInt32 = 0xFFFF_FFFF
            for byte in tail {
                bitwise ^= UInt32(byte)
                for _ in 0..<8 { bitwise = bitwise & 1 != 0 ? (bitwise >> 1) ^ 0x82F6_3B78 : bitwise >> 1 }
            }
            bytes.withUnsafeBytes { raw in
                #expect(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[offset...])) == ~bitwise)
            }
        }
    }
}
