import Testing
import Seq2Seq

@Suite("Pharaoh alignment renderer")
struct AlignmentPharaohTests {
    @Test func argmaxLinks() throws {
        #expect(PharaohAlignmentRenderer().render(try AlignmentFixture.alignment()) == "0-0 1-1 2-2")
    }

    @Test func thresholdLinksSortedByTargetThenSource() throws {
        let alignment = try AlignmentFixture.alignment()
        #expect(PharaohAlignmentRenderer(threshold: 0.3).render(alignment) == "0-0 1-1 2-2")
        #expect(PharaohAlignmentRenderer(threshold: 0.1).render(alignment) == "0-0 0-1 1-1 2-1 1-2 2-2")
    }

    @Test func sourceIndexComesFirst() throws {
        // Target word 0 ("Hello") attends to source word 1, so the pair reads "1-0", not "0-1".
        let alignment = try AttentionAlignment(
            sourceTokens: ["Tom", "bonjour", "</s>"], targetTokens: ["Hello", "Tom"],
            weights: [[0.1, 0.8, 0.1], [0.9, 0.05, 0.05]])
        #expect(PharaohAlignmentRenderer().render(alignment) == "1-0 0-1")
    }

    @Test func oneLinePerSentenceAndEmptyLineWithoutLinks() throws {
        let unaligned = try AttentionAlignment(sourceTokens: ["</s>"], targetTokens: [], weights: [])
        let text = PharaohAlignmentRenderer().render([try AlignmentFixture.alignment(), unaligned, try AlignmentFixture.alignment()])
        #expect(text == "0-0 1-1 2-2\n\n0-0 1-1 2-2")
    }
}
