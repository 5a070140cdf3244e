import Testing
import Seq2Seq

@Suite("chrF")
struct EvaluationChrFTests {
    @Test("hand-computed chrF: orders the hypothesis lacks are left out of the average")
    func handComputed() throws {
        // hyp "ab", ref "a bc" → "abc" without spaces. Order 1: P 2/2, R 2/3; order 2: P 1/1, R 1/2;
        // order 3: the hypothesis has none, so the order is skipped; orders 4–6: no reference n-grams.
        // avgP = 1, avgR = 7/12, F2 = 5·P·R / (4P + R) = 35/55.
        let score = ChrF.corpusScore(hypotheses: ["ab"], references: ["a bc"])
        #expect(abs(score.score - 100 * 35.0 / 55) < 1e-9)
        #expect(score.statistics.hypothesisNGrams == [2, 1, 0, 0, 0, 0, 0, 0])
        #expect(score.statistics.referenceNGrams == [3, 2, 1, 0, 0, 0, 0, 0])
        #expect(score.statistics.matches == [2, 1, 0, 0, 0, 0, 0, 0])
    }

    @Test("whitespace of any kind is ignored, case is not unless lowercased")
    func whitespaceAndCase() throws {
        let hypothesis = "Ça va ?", reference = "Ça\u{A0}va\u{202F}?"
        #expect(abs(ChrF.corpusScore(hypotheses: [hypothesis], references: [reference]).score - 100) < 1e-9)
        let shouted = ChrF.corpusScore(hypotheses: ["ÇA VA ?"], references: [reference])
        #expect(shouted.score < 30)
        let lowercased = ChrF.corpusScore(hypotheses: ["ÇA VA ?"], references: [reference], lowercase: true)
        #expect(abs(lowercased.score - 100) < 1e-9)
    }

    @Test("the corpus score pools counts instead of averaging sentence scores")
    func pooledCounts() throws {
        let hypotheses = ["Je viens d'arriver.", "Il a conduit le camion jusqu'à Dallas."]
        let references = ["Je viens d'arriver à la gare.", "Il a roulé avec le camion jusqu'à Dallas."]
        let corpus = ChrF.corpusScore(hypotheses: hypotheses, references: references)
        let sentences = zip(hypotheses, references).map { ChrF.sentenceScore(hypothesis: $0, references: [$1]).score }
        let mean = sentences.reduce(0, +) / 2
        #expect(abs(corpus.score - mean) > 0.01)
        let pooled = ChrF.sentenceStatistics(hypotheses: hypotheses, references: references.map { [$0] }).reduce(.zero, +)
        #expect(abs(pooled.fScore() - corpus.score) < 1e-12)
    }

    @Test("with several references a sentence counts against its best-matching one")
    func bestReference() throws {
        let hypothesis = "Ils veulent simplement faire ta connaissance."
        let good = "Elles veulent simplement faire ta connaissance.", poor = "Tom est un peu enveloppé."
        let both = ChrF.corpusScore(hypotheses: [hypothesis], references: [[poor, good]])
        let goodOnly = ChrF.corpusScore(hypotheses: [hypothesis], references: [good])
        #expect(both.score == goodOnly.score)
        #expect(both.referenceCount == 2)
    }

    @Test("score line and signature follow sacreBLEU's format")
    func signature() throws {
        let score = ChrF.corpusScore(hypotheses: ["The cat sat."], references: ["The cat sat on the mat."])
        #expect(score.description == "chrF2 = 49.26")
        #expect(score.signature == "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0-s2s")
    }
}
