import Testing
import Seq2Seq

@Suite("CorpusSplit")
struct TextCorpusSplitTests {
    static func pairs(_ range: Range<Int>) -> [SentencePair] {
        range.map { SentencePair(source: "Sentence number \($0).", target: "Phrase numéro \($0).", line: $0 + 1) }
    }

    @Test func theSplitIsStableWhenTheCorpusGrows() {
        let split = CorpusSplit(validationFraction: 0.1)
        let small = split.split(Self.pairs(0..<500))
        let large = split.split(Self.pairs(0..<2_000))
        let largeValidation = Set(large.validation.map(\.source))
        for pair in small.validation { #expect(largeValidation.contains(pair.source)) }
        for pair in small.training { #expect(!largeValidation.contains(pair.source)) }
        #expect(small.training.count + small.validation.count == 500)
    }

    @Test func theValidationShareIsCloseToTheFraction() {
        let validation = CorpusSplit(validationFraction: 0.1).split(Self.pairs(0..<5_000)).validation
        #expect((400...600).contains(validation.count))
        #expect(CorpusSplit(validationFraction: 0).split(Self.pairs(0..<100)).validation.isEmpty)
        #expect(CorpusSplit(validationFraction: 1).split(Self.pairs(0..<100)).training.isEmpty)
    }

    @Test func thePositionIsFixedAcrossRunsAndMachines() {
        // Recorded once; a change here means every existing split moved.
        let pair = SentencePair(source: "Hello!", target: "Bonjour !")
        let position = CorpusSplit(validationFraction: 0.1).position(of: pair)
        #expect(abs(position - Self.recordedPosition) < 1e-12, "position \(position)")
    }
    static let recordedPosition = 0.4789160913179251

    @Test func normalisationVariantsLandOnTheSameSide() {
        let split = CorpusSplit(validationFraction: 0.5, seed: 7)
        let plain = SentencePair(source: "I'm here.", target: "Je suis là !")
        let typographic = SentencePair(source: "I’m  HERE.", target: "Je suis là\u{202F}!")
        #expect(split.position(of: plain) == split.position(of: typographic))
        #expect(split.position(of: plain) != CorpusSplit(validationFraction: 0.5, seed: 8).position(of: plain))
        #expect(CorpusSplit.isValidation(source: plain.source, target: plain.target, fraction: 0.5, seed: 7)
                == split.isValidation(typographic))
    }
}
