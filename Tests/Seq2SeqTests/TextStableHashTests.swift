import Testing
import Seq2Seq

@Suite("StableHash")
struct TextStableHashTests {
    @Test func matchesPublishedFNV1aVectors() {
        #expect(StableHash.fnv1a64("") == 0xCBF2_9CE4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(StableHash.fnv1a64("foobar") == 0x8594_4171_F739_67E8)
    }

    @Test func seedsAndFieldBoundariesChangeTheHash() {
        var first = StableHash(seed: 1)
        first.combine("ab")
        first.combine("c")
        var second = StableHash(seed: 1)
        second.combine("a")
        second.combine("bc")
        #expect(first.value != second.value)
        var reseeded = StableHash(seed: 2)
        reseeded.combine("ab")
        reseeded.combine("c")
        #expect(first.value != reseeded.value)
        #expect((0..<1).contains(first.unitInterval))
    }
}
