import Testing
import Foundation
import Seq2Seq

@Suite("BLEU")
struct EvaluationBLEUTests {
    @Test("13a splits punctuation and symbols but keeps decimals, thousands and word-internal hyphens")
    func tokenizerRules() {
        #expect(Tokenizer13a.tokenize("Hello, world!") == ["Hello", ",", "world", "!"])
        #expect(Tokenizer13a.tokenize("Ça suffit\u{202F}!") == ["Ça", "suffit", "!"])
        #expect(Tokenizer13a.tokenize("It costs $10.00, or 50,000 yen.") == ["It", "costs", "$", "10.00", ",", "or", "50,000", "yen", "."])
        #expect(Tokenizer13a.tokenize("Is this 223-1374? A well-known fact.") == ["Is", "this", "223", "-", "1374", "?", "A", "well-known", "fact", "."])
        #expect(Tokenizer13a.tokenize("Dis : « s'il te plaît ».") == ["Dis", ":", "«", "s'il", "te", "plaît", "»", "."])
        #expect(Tokenizer13a.tokenize("&quot;Non&quot;, R&amp;B") == ["\"", "Non", "\"", ",", "R", "&", "B"])
        #expect(Tokenizer13a.tokenize("À QUELLE HEURE ?", lowercase: true) == ["à", "quelle", "heure", "?"])
        #expect(Tokenizer13a.tokenize("   ").isEmpty)
    }

    @Test("hand-computed corpus BLEU with exp smoothing of an empty 4-gram order")
    func handComputed() throws {
        // Unigrams 5/6, bigrams 3/5, trigrams 1/4, 4-grams 0/3 → smoothed to 1/(2·3); equal lengths, BP = 1.
        let score = BLEU.corpusScore(hypotheses: ["the cat sat on the mat"], references: ["the cat is on the mat"])
        let expected = 100 * pow(5.0 / 6 * 3 / 5 * 1 / 4 * 1 / 6, 0.25)
        #expect(abs(score.score - expected) < 1e-9)
        #expect(score.precisions.count == 4)
        #expect(abs(score.precisions[3] - 100.0 / 6) < 1e-9)
        #expect(score.brevityPenalty == 1)
        #expect(score.statistics == BLEUStatistics(hypothesisLength: 6, referenceLength: 6, matches: [5, 3, 1, 0], totals: [6, 5, 4, 3]))
    }

    @Test("a short hypothesis is penalised by exp(1 - r/c)")
    func brevityPenalty() throws {
        let score = BLEU.corpusScore(hypotheses: ["Je viens d'arriver ."], references: ["Je viens d'arriver à la gare ."])
        #expect(score.hypothesisLength == 4 && score.referenceLength == 7)
        #expect(abs(score.brevityPenalty - exp(1 - 7.0 / 4)) < 1e-12)
        #expect(abs(score.ratio - 4.0 / 7) < 1e-12)
    }

    @Test("tokens compare by code points, as in Python: decomposed é differs from precomposed é")
    func codePointIdentity() throws {
        let decomposed = "Il a e\u{301}te\u{301} gentil", precomposed = "Il a \u{E9}t\u{E9} gentil"
        #expect(decomposed == precomposed)  // Swift's String equality would hide the difference
        let score = BLEU.corpusScore(hypotheses: [decomposed], references: [precomposed])
        #expect(score.statistics.matches[0] == 3)
        #expect(score.score < 100)
    }

    @Test("the closest reference length is used, the shorter one on a tie; clipping uses the maximum count over references")
    func multipleReferences() throws {
        let hypothesis = "Elle ne savait pas quoi faire ."  // 7 tokens
        let references = ["Elle ne savait quoi faire .", "Elle ne savait vraiment pas quoi faire du tout ."]  // 6 and 10
        let score = BLEU.corpusScore(hypotheses: [hypothesis], references: [references])
        #expect(score.referenceLength == 6)
        #expect(score.statistics.matches[0] == 7)
        #expect(score.referenceCount == 2)
        let tie = BLEU.corpusScore(hypotheses: ["a b c"], references: [["a b", "a b c d"]])
        #expect(tie.referenceLength == 2)
        let single = BLEU.corpusScore(hypotheses: [hypothesis], references: [references[0]])
        #expect(single.score < score.score)
    }

    @Test("perfect translations score 100, empty hypotheses 0, an empty corpus 0")
    func extremes() throws {
        let lines = ["Je sais que je me fais vieux.", "Qui est le propriétaire de cette maison\u{202F}?"]
        #expect(abs(BLEU.corpusScore(hypotheses: lines, references: lines).score - 100) < 1e-9)
        let empty = BLEU.corpusScore(hypotheses: ["", ""], references: lines)
        #expect(empty.score == 0 && empty.brevityPenalty == 0)
        #expect(BLEU.corpusScore(hypotheses: [], references: [String]()).score == 0)
    }

    @Test("corpus statistics are the sum of sentence statistics")
    func statisticsAreAdditive() throws {
        let hypotheses = ["Il est un peu comme son père.", "Je regarde la télé de temps en temps.", "Qui ?"]
        let references = ["Il est un peu comme son père.", "Je regarde la télévision de temps en temps.", "Qui\u{202F}?"]
        let perSentence = BLEU.sentenceStatistics(hypotheses: hypotheses, references: references.map { [$0] })
        let corpus = BLEU.corpusScore(hypotheses: hypotheses, references: references)
        #expect(perSentence.reduce(.zero, +) == corpus.statistics)
        #expect(BLEUScore(statistics: perSentence.reduce(.zero, +), referenceCount: 1, lowercase: false).score == corpus.score)
    }

    @Test("signature and score line follow sacreBLEU's format")
    func signature() throws {
        let score = BLEU.corpusScore(hypotheses: ["The cat sat."], references: ["The cat sat on the mat."], lowercase: true)
        #expect(score.signature == "nrefs:1|case:lc|eff:no|tok:13a|smooth:exp|version:2.6.0-s2s")
        #expect(score.description == "BLEU = 30.18 100.0/66.7/50.0/50.0 (BP = 0.472 ratio = 0.571 hyp_len = 4 ref_len = 7)")
        let variable = BLEU.corpusScore(hypotheses: ["a", "b"], references: [["a"], ["b", "c"]])
        #expect(variable.signature.hasPrefix("nrefs:var|case:mixed|"))
        let sentence = BLEU.sentenceScore(hypothesis: "a b", references: ["a b"])
        #expect(sentence.signature.contains("eff:yes"))
        #expect(abs(sentence.score - 100) < 1e-9)
    }

    @Test("inputs pair by position like sacreBLEU's zip; a sentence without references scores against an empty one")
    func unevenInput() {
        let paired = BLEU.corpusScore(hypotheses: ["Va !"], references: ["Va !"])
        #expect(BLEU.corpusScore(hypotheses: ["Va !", "Cours !"], references: ["Va !"]).statistics == paired.statistics)
        #expect(BLEU.corpusScore(hypotheses: ["Va !"], references: ["Va !", "Cours !"]).statistics == paired.statistics)
        let unreferenced = BLEU.corpusScore(hypotheses: ["Va !", "Cours !"], references: [["Va !"], []])
        #expect(unreferenced.statistics == BLEUStatistics(hypothesisLength: 4, referenceLength: 2, matches: [2, 1, 0, 0], totals: [4, 2, 0, 0]))
        #expect(unreferenced.referenceCount == nil)
        #expect(ChrF.corpusScore(hypotheses: ["Va !", "Cours !"], references: [["Va !"], []]).score == 100)
    }

    @Test("10,000 sentences are scored well within a second")
    func speed() throws {
        let sentences = ["Je ne comprends pas vraiment ce qui vient de se passer.", "Avez-vous une carte de crédit\u{202F}?",
                         "Il conduisit le pick-up jusqu'à Dallas.", "Je sais que vous devez être effrayée.",
                         "Si tu ne les tues pas, elles te tueront.", "À quelle heure t'es-tu réveillée ?", "Va !"]
        var hypotheses: [String] = [], references: [String] = []
        for index in 0..<10_000 {
            let words = sentences[index % sentences.count].split(separator: " ")
            references.append(words.joined(separator: " ") + " \(index)")
            hypotheses.append(words.shuffled().joined(separator: " ") + " \(index % 97)")
        }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            _ = BLEU.corpusScore(hypotheses: hypotheses, references: references)
            _ = ChrF.corpusScore(hypotheses: hypotheses, references: references)
        }
        // About 0.3 s for both on the 2-core development machine; the bound only catches blow-ups.
        #expect(elapsed < .seconds(3), "BLEU + chrF of 10,000 sentences took \(elapsed)")
    }
}
