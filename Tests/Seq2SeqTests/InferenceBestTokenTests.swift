import Testing
import Seq2Seq

/// Greedy decoding picks its token with vector maxima and a vector scan; check it against the
/// plain rule: the first largest logit that is neither `<pad>` nor `<s>`.
struct InferenceBestTokenTests {
    static func plainBest(_ row: [Float]) -> Int {
        var best = Int(Vocabulary.unknown)
        for j in 1..<row.count where j != Int(Vocabulary.start) && row[j] > row[best] { best = j }
        return best
    }

    @Test("the chosen token is the first largest logit, never <pad> or <s>, and the row is left unchanged")
    func matchesThePlainRule() {
        var random = RandomGenerator(seed: 21)
        for (count, place) in [(5661, 4000), (40, 39), (17, 16), (16, 5), (3000, 1), (33, 32)] {
            var row = (0..<count).map { _ in random.nextUniform(limit: 3) }
            row[place] = 10
            let copy = row
            #expect(row.withUnsafeMutableBufferPointer { GreedyDecoding.bestToken($0.baseAddress!, count: count) } == place)
            #expect(row == copy)
            // <pad> and <s> are skipped even when largest; a tie goes to the first index.
            row[0] = 50; row[2] = 50
            if place > 3 { row[place - 1] = 10 }
            let expected = Self.plainBest(row)
            #expect(row.withUnsafeMutableBufferPointer { GreedyDecoding.bestToken($0.baseAddress!, count: count) } == expected)
            #expect(expected == (place > 3 ? place - 1 : place))
        }
        var empty = [Float](repeating: -.infinity, count: 20)
        #expect(empty.withUnsafeMutableBufferPointer { GreedyDecoding.bestToken($0.baseAddress!, count: 20) } == Int(Vocabulary.unknown))
    }
}
