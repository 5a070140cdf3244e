import Testing
import Seq2Seq

@Suite("Vocabulary")
struct VocabularyTests {
    @Test func specialTokensHaveFixedIDs() {
        let vocabulary = Vocabulary(counting: [["bonjour"]], minCount: 1, maxSize: nil)
        #expect(Array(vocabulary.tokens.prefix(6)) == ["<pad>", "<unk>", "<s>", "</s>", "<2en>", "<2fr>"])
        #expect(Vocabulary.pad == 0 && Vocabulary.unknown == 1 && Vocabulary.start == 2 && Vocabulary.end == 3)
        #expect(Vocabulary.languageTag(for: .en) == 4)
        #expect(Vocabulary.languageTag(for: .fr) == 5)
        #expect(vocabulary.id(of: "<2fr>") == 5)
        #expect(vocabulary.id(of: "bonjour") == 6)
        #expect(vocabulary.count == 7)
    }

    @Test func wordsAreOrderedByFrequencyThenTextWhateverTheInputOrder() {
        let sentences = [["le", "chat", "dort"], ["le", "chien", "dort"], ["un", "chat"], ["zèbre", "à"]]
        let forward = Vocabulary(counting: sentences, minCount: 1, maxSize: nil)
        let backward = Vocabulary(counting: sentences.reversed().map { $0.reversed() }, minCount: 1, maxSize: nil)
        #expect(forward == backward)
        // Count 2: chat, dort, le; count 1: chien, un, zèbre, à — ties in UTF-8 byte order.
        #expect(Array(forward.tokens.dropFirst(6)) == ["chat", "dort", "le", "chien", "un", "zèbre", "à"])
    }

    @Test func minCountAndMaxSizeCut() {
        let sentences = [["a", "a", "a", "b", "c"], ["d", "b"]]
        let frequent = Vocabulary(counting: sentences, minCount: 2, maxSize: nil)
        #expect(Array(frequent.tokens.dropFirst(6)) == ["a", "b"])
        let small = Vocabulary(counting: sentences, minCount: 1, maxSize: 7)
        #expect(small.count == 7)
        #expect(small.tokens.last == "a")
        #expect(small.id(of: "b") == Vocabulary.unknown)
        #expect(Vocabulary(counting: sentences, minCount: 1, maxSize: 3).count == 6)
    }

    @Test func literalSpecialTokensInTheInputAreNotCounted() {
        let vocabulary = Vocabulary(counting: [["<unk>", "<s>", "x", "</s>"]], minCount: 1, maxSize: nil)
        #expect(vocabulary.tokens == Vocabulary.specialTokens + ["x"])
    }

    @Test func encodeAndDecode() {
        let vocabulary = Vocabulary(counting: [["i", "am", "here", "."]], minCount: 1, maxSize: nil)
        let ids = vocabulary.encode(["i", "am", "nowhere", "."])
        #expect(ids == [vocabulary.id(of: "i"), vocabulary.id(of: "am"), Vocabulary.unknown, vocabulary.id(of: ".")])
        let withSpecials: [Int32] = [Vocabulary.start, Vocabulary.languageTag(for: .fr)] + ids
            + [Vocabulary.pad, Vocabulary.end, vocabulary.id(of: "here")]
        #expect(vocabulary.decode(withSpecials) == ["i", "am", "<unk>", "."])
        #expect(vocabulary.decode(withSpecials, keepUnknown: false) == ["i", "am", "."])
        #expect(vocabulary.token(at: 99) == "<unk>")
        #expect(vocabulary.token(at: -1) == "<unk>")
        #expect(vocabulary.token(at: Int32(6)) == vocabulary.token(at: 6))
        #expect(vocabulary.token(at: vocabulary.id(of: "here")) == "here")
    }

    @Test func restoresFromSavedTokensAndValidatesThem() throws {
        let built = Vocabulary(counting: [["b", "a", "b"]], minCount: 1, maxSize: nil)
        let restored = try Vocabulary(tokens: built.tokens)
        #expect(restored == built)
        #expect(restored.id(of: "a") == built.id(of: "a"))

        #expect(throws: VocabularyError.missingSpecialTokens(found: 3)) {
            try Vocabulary(tokens: ["<pad>", "<unk>", "<s>"])
        }
        var swapped = built.tokens
        swapped.swapAt(2, 3)
        #expect(throws: VocabularyError.misplacedSpecialToken(id: 2, expected: "<s>", found: "</s>")) {
            try Vocabulary(tokens: swapped)
        }
        #expect(throws: VocabularyError.duplicateToken("b", firstID: 6, secondID: 8)) {
            try Vocabulary(tokens: built.tokens + ["b"])
        }
        #expect(throws: VocabularyError.emptyToken(id: 8)) {
            try Vocabulary(tokens: built.tokens + [""])
        }
        #expect("\(VocabularyError.emptyToken(id: 8))".contains("8"))
    }
}
