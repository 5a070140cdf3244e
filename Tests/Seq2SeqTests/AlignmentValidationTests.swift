import Testing
import Seq2Seq

/// A 3 × 4 alignment with hand-picked weights, shared by the alignment tests.
/// "I am tired." → "Je suis fatigué !" (Tatoeba), seen from the French side: the French words are
/// the source, so the header has to cope with the accent in "fatigué".
enum AlignmentFixture {
    static let source = ["Je", "suis", "fatigué", "</s>"]
    static let target = ["I", "am", "tired"]
    static let weights: [[Float]] = [
        [0.90, 0.05, 0.05, 0.00],  // argmax "Je"
        [0.10, 0.60, 0.25, 0.05],  // argmax "suis"
        [0.05, 0.15, 0.35, 0.45],  // argmax "</s>": linked to its strongest word, "fatigué"
    ]

    static func alignment() throws -> AttentionAlignment {
        try AttentionAlignment(sourceTokens: source, targetTokens: target, weights: weights)
    }

    static func pairs(_ links: [(source: Int, target: Int)]) -> [[Int]] {
        links.map { [$0.source, $0.target] }
    }
}

@Suite("AttentionAlignment validation and hard alignment")
struct AlignmentValidationTests {
    @Test func acceptsDistributionsAndKeepsValues() throws {
        let alignment = try AlignmentFixture.alignment()
        #expect(alignment.sourceTokens == AlignmentFixture.source)
        #expect(alignment.targetTokens == AlignmentFixture.target)
        #expect(alignment.weights == AlignmentFixture.weights)
        #expect((0..<3).map(alignment.argmax(ofRow:)) == [0, 1, 3])
    }

    @Test func acceptsRowSumsWithinTolerance() throws {
        _ = try AttentionAlignment(sourceTokens: ["a", "</s>"], targetTokens: ["b"], weights: [[0.5005, 0.5]])
        _ = try AttentionAlignment(sourceTokens: ["a", "</s>"], targetTokens: ["b"], weights: [[0.4992, 0.5]])
    }

    @Test func rejectsRowThatDoesNotSumToOne() {
        #expect(throws: AttentionAlignmentError.self) {
            try AttentionAlignment(sourceTokens: ["a", "</s>"], targetTokens: ["x", "y"],
                                   weights: [[0.5, 0.5], [0.5, 0.498]])
        }
        do {
            _ = try AttentionAlignment(sourceTokens: ["a", "</s>"], targetTokens: ["x", "y"],
                                       weights: [[0.5, 0.5], [0.6, 0.6]])
            Issue.record("a row summing to 1.2 was accepted")
        } catch let error as AttentionAlignmentError {
            guard case let .rowSumNotOne(row, token, sum) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(row == 1 && token == "y")
            #expect(abs(sum - 1.2) < 1e-6)
            #expect(error.description.contains("\"y\""))
        } catch {
            Issue.record("unexpected error type \(error)")
        }
    }

    @Test func rejectsShapeMismatches() {
        #expect(throws: AttentionAlignmentError.rowCountMismatch(targetTokens: 2, rows: 1)) {
            try AttentionAlignment(sourceTokens: ["a", "</s>"], targetTokens: ["x", "y"], weights: [[0.5, 0.5]])
        }
        #expect(throws: AttentionAlignmentError.columnCountMismatch(row: 0, targetToken: "x", sourceTokens: 2, columns: 3)) {
            try AttentionAlignment(sourceTokens: ["a", "</s>"], targetTokens: ["x"], weights: [[0.5, 0.25, 0.25]])
        }
        #expect(throws: AttentionAlignmentError.emptySource) {
            try AttentionAlignment(sourceTokens: [], targetTokens: [], weights: [])
        }
    }

    @Test func rejectsNegativeAndNonFiniteWeights() {
        #expect(throws: AttentionAlignmentError.invalidWeight(row: 0, column: 0, targetToken: "x", value: -0.5)) {
            try AttentionAlignment(sourceTokens: ["a", "</s>"], targetTokens: ["x"], weights: [[-0.5, 1.5]])
        }
        #expect(throws: AttentionAlignmentError.self) {
            try AttentionAlignment(sourceTokens: ["a", "</s>"], targetTokens: ["x"], weights: [[.nan, 1]])
        }
        #expect(throws: AttentionAlignmentError.self) {
            try AttentionAlignment(sourceTokens: ["a", "</s>"], targetTokens: ["x"], weights: [[.infinity, 0]])
        }
    }

    @Test func acceptsEmptyTranslation() throws {
        let empty = try AttentionAlignment(sourceTokens: ["</s>"], targetTokens: [], weights: [])
        #expect(empty.hardAlignment().isEmpty)
    }

    @Test func argmaxLinksGoToTheStrongestSourceWordNotEndOfSentence() throws {
        let alignment = try AlignmentFixture.alignment()
        #expect(AlignmentFixture.pairs(alignment.hardAlignment()) == [[0, 0], [1, 1], [2, 2]])
        #expect((0..<3).map(alignment.strongestSourceWord(ofRow:)) == [0, 1, 2])
        // Ties go to the first word; a source of only "</s>" has no word to link to.
        let tie = try AttentionAlignment(sourceTokens: ["a", "b", "</s>"], targetTokens: ["x"], weights: [[0.25, 0.25, 0.5]])
        #expect(tie.strongestSourceWord(ofRow: 0) == 0)
        let onlyEnd = try AttentionAlignment(sourceTokens: ["</s>"], targetTokens: ["x"], weights: [[1]])
        #expect(onlyEnd.strongestSourceWord(ofRow: 0) == nil)
        #expect(onlyEnd.hardAlignment().isEmpty)
    }

    @Test func thresholdLinksEveryCellAtLeastThreshold() throws {
        let alignment = try AlignmentFixture.alignment()
        #expect(AlignmentFixture.pairs(alignment.hardAlignment(threshold: 0.3)) == [[0, 0], [1, 1], [2, 2]])
        // 0.10 ≥ 0.1 counts; the 0.45 on "</s>" does not.
        #expect(AlignmentFixture.pairs(alignment.hardAlignment(threshold: 0.1))
                == [[0, 0], [0, 1], [1, 1], [2, 1], [1, 2], [2, 2]])
        #expect(alignment.hardAlignment(threshold: 0.95).isEmpty)
    }

    @Test func targetEndOfSentenceRowHasNoLinks() throws {
        let alignment = try AttentionAlignment(
            sourceTokens: ["Bonjour", "</s>"], targetTokens: ["Hello", "</s>"],
            weights: [[0.8, 0.2], [0.9, 0.1]])
        #expect(AlignmentFixture.pairs(alignment.hardAlignment()) == [[0, 0]])
        // Even "</s>" → "Bonjour" at 0.9 is no link, nor is "Hello" → "</s>" at 0.2.
        #expect(AlignmentFixture.pairs(alignment.hardAlignment(threshold: 0.1)) == [[0, 0]])
    }

    @Test func customEndOfSentenceToken() throws {
        let alignment = try AttentionAlignment(
            sourceTokens: ["Salut", "<eos>"], targetTokens: ["Hi"], weights: [[0.3, 0.7]], endOfSentenceToken: "<eos>")
        #expect(AlignmentFixture.pairs(alignment.hardAlignment()) == [[0, 0]])
        #expect(AlignmentFixture.pairs(alignment.hardAlignment(threshold: 0.3)) == [[0, 0]])
        #expect(alignment.hardAlignment(threshold: 0.5).isEmpty)
    }
}
