import Foundation
import Testing
import Seq2Seq

@Suite("Alignment JSON renderer")
struct AlignmentJSONRendererTests {
    private func parse(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func parsesBackToSameValues() throws {
        let alignment = try AlignmentFixture.alignment()
        let line = AlignmentJSONRenderer().render(alignment)
        #expect(!line.contains("\n"))
        let object = try parse(line)
        #expect(object["source"] as? [String] == AlignmentFixture.source)
        #expect(object["target"] as? [String] == AlignmentFixture.target)
        let weights = try #require(object["weights"] as? [[Double]])
        #expect(weights.count == 3)
        for (parsed, original) in zip(weights, AlignmentFixture.weights) {
            #expect(parsed.count == original.count)
            for (a, b) in zip(parsed, original) { #expect(abs(a - Double(b)) < 5e-5) }
        }
        #expect(object["alignment"] as? [[Int]] == [[0, 0], [1, 1], [2, 2]])
    }

    @Test func exactTextWithKeyOrderAndFourDecimals() throws {
        let alignment = try AttentionAlignment(
            sourceTokens: ["Va", "!", "</s>"], targetTokens: ["Go", "!"],
            weights: [[0.87654, 0.1, 0.02346], [0, 1, 0]])
        #expect(AlignmentJSONRenderer().render(alignment) == """
            {"source": ["Va", "!", "</s>"], "target": ["Go", "!"], \
            "weights": [[0.8765, 0.1000, 0.0235], [0.0000, 1.0000, 0.0000]], "alignment": [[0, 0], [1, 1]]}
            """)
    }

    @Test func thresholdAlignment() throws {
        let object = try parse(AlignmentJSONRenderer(threshold: 0.1).render(try AlignmentFixture.alignment()))
        #expect(object["alignment"] as? [[Int]] == [[0, 0], [0, 1], [1, 1], [2, 1], [1, 2], [2, 2]])
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() throws {
        let tricky = ["\"quoted\"", "back\\slash", "new\nline", "tab\there", "bell\u{07}", "l’été", "</s>"]
        let alignment = try AttentionAlignment(
            sourceTokens: tricky, targetTokens: ["{\"x\": 1}"],
            weights: [[0.1, 0.1, 0.1, 0.1, 0.1, 0.4, 0.1]])
        let line = AlignmentJSONRenderer().render(alignment)
        #expect(!line.contains("\n"))
        #expect(line.contains("\\u0007"))
        let object = try parse(line)
        #expect(object["source"] as? [String] == tricky)
        #expect(object["target"] as? [String] == ["{\"x\": 1}"])
        #expect(object["alignment"] as? [[Int]] == [[5, 0]])
    }

    @Test func severalSentencesMakeJSONLines() throws {
        let second = try AttentionAlignment(sourceTokens: ["Salut", "</s>"], targetTokens: ["Hi"], weights: [[0.75, 0.25]])
        let lines = AlignmentJSONRenderer().render([try AlignmentFixture.alignment(), second]).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(try parse(String(lines[1]))["target"] as? [String] == ["Hi"])
        #expect(try parse(String(lines[0]))["target"] as? [String] == AlignmentFixture.target)
    }
}
