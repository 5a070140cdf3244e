import Testing
import Seq2Seq

@Suite("Alignment error rate")
struct EvaluationAERTests {
    private func link(_ source: Int, _ target: Int) -> AlignmentLink { AlignmentLink(source: source, target: target) }

    @Test("every possible-link notation parses; sure links are also possible")
    func parsesNotations() throws {
        let gold = try PharaohAlignmentFormat.parseGoldLine("0-0 1-1\t2?2 3-p-3  1p2 10-12", file: "gold.txt", line: 1)
        #expect(gold.sure == [link(0, 0), link(1, 1), link(10, 12)])
        #expect(gold.possible == [link(0, 0), link(1, 1), link(10, 12), link(2, 2), link(3, 3), link(1, 2)])
        // A link given as both sure and possible is sure.
        let both = try PharaohAlignmentFormat.parseGoldLine("4?5 4-5", file: "gold.txt", line: 1)
        #expect(both.sure == [link(4, 5)] && both.possible == [link(4, 5)])
    }

    @Test("files: CRLF, a final newline and empty lines (pairs without links)")
    func parsesFiles() throws {
        let gold = try PharaohAlignmentFormat.parseGold("0-0 1?1\r\n\r\n2-0\r\n", file: "gold.txt")
        #expect(gold.count == 3)
        #expect(gold[1] == GoldAlignment(sure: []))
        #expect(gold[2].sure == [link(2, 0)])
        let predicted = try PharaohAlignmentFormat.parseLinks("1-0 0-1\n0-0", file: "pred.txt")
        #expect(predicted == [[link(0, 1), link(1, 0)], [link(0, 0)]])
        #expect(PharaohAlignmentFormat.format(predicted[0]) == "0-1 1-0")
        #expect(try PharaohAlignmentFormat.parseGold("", file: "gold.txt").isEmpty)
    }

    @Test("malformed links are one-line errors naming file and line")
    func malformed() {
        let text = "0-0 1-1\n0-0 1-x\n"
        do {
            _ = try PharaohAlignmentFormat.parseGold(text, file: "gold.txt")
            Issue.record("expected an error")
        } catch {
            let message = String(describing: error)
            #expect(message.hasPrefix("gold.txt:2: malformed alignment link '1-x':"))
            #expect(!message.contains("\n"))
        }
        for bad in ["1", "-1-2", "1--2", "1-2-3", "a-b", "1-", "1234567890-1", "1:2"] {
            #expect(throws: EvaluationError.self, "\(bad)") {
                try PharaohAlignmentFormat.parseGoldLine(bad, file: "gold.txt", line: 7)
            }
        }
        #expect(throws: EvaluationError.malformedAlignment(
            file: "pred.txt", line: 3, link: "1?2",
            reason: "predicted alignments cannot mark possible links; expected i-j with 0-based source and target indices")) {
            try PharaohAlignmentFormat.parseLinksLine("0-0 1?2", file: "pred.txt", line: 3)
        }
    }

    @Test("hand-computed precision, recall and AER, summed over the corpus")
    func handComputed() throws {
        let gold = try PharaohAlignmentFormat.parseGold("0-0 1-1 2?2 3-p-3 1p2\n0-1 1-0\n", file: "gold.txt")
        let predicted = try PharaohAlignmentFormat.parseLinks("0-0 1-2 2-2 3-1\n0-1 1-0 1-1\n", file: "pred.txt")

        // Sentence 1: |A| = 4, |S| = 2, |P| = 5, |A∩S| = 1 (0-0), |A∩P| = 3 (0-0, 1-2, 2-2).
        let first = AlignmentErrorRate.sentenceScore(predicted: predicted[0], gold: gold[0])
        #expect(first == AlignmentScore(predicted: 4, sure: 2, possible: 5, predictedSure: 1, predictedPossible: 3))
        #expect(abs(first.precision - 3.0 / 4) < 1e-12)
        #expect(abs(first.recall - 1.0 / 2) < 1e-12)
        #expect(abs(first.alignmentErrorRate - (1 - 4.0 / 6)) < 1e-12)

        // Corpus: |A| = 7, |S| = 4, |A∩S| = 3, |A∩P| = 5 → AER = 1 − 8/11 (not the mean of sentence AERs).
        let corpus = try AlignmentErrorRate.score(predicted: predicted, gold: gold)
        #expect(corpus == AlignmentScore(predicted: 7, sure: 4, possible: 7, predictedSure: 3, predictedPossible: 5))
        #expect(abs(corpus.precision - 5.0 / 7) < 1e-12)
        #expect(abs(corpus.recall - 3.0 / 4) < 1e-12)
        #expect(abs(corpus.alignmentErrorRate - 3.0 / 11) < 1e-12)
        #expect(corpus.description == "AER = 0.2727 (precision 0.7143, recall 0.7500; |A| = 7, |S| = 4, |P| = 7)")

        // The same links as (source, target) pairs, the form AttentionAlignment.hardAlignment returns.
        let pairs = predicted.map { $0.sorted().map { (source: $0.source, target: $0.target) } }
        #expect(try AlignmentErrorRate.score(hardAlignments: pairs, gold: gold) == corpus)
    }

    @Test("a perfect alignment has AER 0; possible-only predictions cost recall but not precision")
    func extremes() throws {
        let gold = GoldAlignment(sure: [link(0, 0), link(1, 1)], possible: [link(1, 2)])
        #expect(AlignmentErrorRate.sentenceScore(predicted: [link(0, 0), link(1, 1)], gold: gold).alignmentErrorRate == 0)
        let possibleOnly = AlignmentErrorRate.sentenceScore(predicted: [link(1, 2)], gold: gold)
        #expect(possibleOnly.precision == 1 && possibleOnly.recall == 0)
        #expect(abs(possibleOnly.alignmentErrorRate - (1 - 1.0 / 3)) < 1e-12)
        #expect(throws: EvaluationError.countMismatch(what: "predicted alignments", expected: 1, actual: 0)) {
            try AlignmentErrorRate.score(predicted: [], gold: [gold])
        }
    }
}
