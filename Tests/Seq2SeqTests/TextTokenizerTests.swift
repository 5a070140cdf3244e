import Foundation
import Testing
import Seq2Seq

@Suite("Tokenizer")
struct TextTokenizerTests {
    let english = Tokenizer(language: .en)
    let french = Tokenizer(language: .fr)

    @Test func englishContractionsSplitPennStyle() {
        #expect(english.tokenize("You don't seem too worried.") == ["you", "do", "n't", "seem", "too", "worried", "."])
        #expect(english.tokenize("This can't be it.") == ["this", "ca", "n't", "be", "it", "."])
        #expect(english.tokenize("This time, you won't avoid your punishment.")
                == ["this", "time", ",", "you", "wo", "n't", "avoid", "your", "punishment", "."])
        #expect(english.tokenize("I'm Tom's friend.") == ["i", "'m", "tom", "'s", "friend", "."])
        #expect(english.tokenize("You're, I've, I'd, it'll") == ["you", "'re", ",", "i", "'ve", ",", "i", "'d", ",", "it", "'ll"])
        #expect(english.tokenize("They wouldn't've.") == ["they", "would", "n't", "'ve", "."])
        #expect(english.tokenize("Isn’t it?") == ["is", "n't", "it", "?"])
    }

    @Test func englishApostrophesThatAreNotContractions() {
        #expect(english.tokenize("We would like to reserve a table for 6 o'clock.").contains("o'clock"))
        #expect(english.tokenize("If you can't lick 'em, join 'em.")
                == ["if", "you", "ca", "n't", "lick", "'em", ",", "join", "'em", "."])
        #expect(english.tokenize("They are in the teachers' room.") == ["they", "are", "in", "the", "teachers'", "room", "."])
        #expect(english.tokenize("This is called a 'present' here.")
                == ["this", "is", "called", "a", "'", "present", "'", "here", "."])
        // A closing quote after an s is a quote, not a plural possessive.
        #expect(english.tokenize("The words 'yes' and 'no'.") == ["the", "words", "'", "yes", "'", "and", "'", "no", "'", "."])
    }

    @Test func numbersAbbreviationsAndAcronymsStayWhole() {
        #expect(english.tokenize("His plane leaves for Hong Kong at 2:00 p.m.")
                == ["his", "plane", "leaves", "for", "hong", "kong", "at", "2:00", "p.m."])
        #expect(english.tokenize("It will cost around 10,000 yen.") == ["it", "will", "cost", "around", "10,000", "yen", "."])
        #expect(english.tokenize("It's 99.9% effective.") == ["it", "'s", "99.9", "%", "effective", "."])
        #expect(english.tokenize("Tickets are $30, parking is free.") == ["tickets", "are", "$", "30", ",", "parking", "is", "free", "."])
        #expect(english.tokenize("I was Mr. Jackson's student in the U.S. then.")
                == ["i", "was", "mr.", "jackson", "'s", "student", "in", "the", "u.s.", "then", "."])
        // A sentence-final full stop is not swallowed by an abbreviation.
        #expect(english.tokenize("I saw Mr.") == ["i", "saw", "mr", "."])
        #expect(french.tokenize("Le taux était de 3,4 pour cent.") == ["le", "taux", "était", "de", "3,4", "pour", "cent", "."])
        #expect(french.tokenize("J'étais l'étudiant de M. Jackson.") == ["j'", "étais", "l'", "étudiant", "de", "m.", "jackson", "."])
    }

    @Test func frenchElisionsSplitAfterTheApostrophe() {
        #expect(french.tokenize("J'ai vu l'homme qu'il aime.") == ["j'", "ai", "vu", "l'", "homme", "qu'", "il", "aime", "."])
        #expect(french.tokenize("Laisse-moi t'emmener jusqu'à la station.")
                == ["laisse-moi", "t'", "emmener", "jusqu'", "à", "la", "station", "."])
        #expect(french.tokenize("Il fait vraiment chaud aujourd'hui.") == ["il", "fait", "vraiment", "chaud", "aujourd'hui", "."])
        #expect(french.tokenize("Je connais quelqu'un d'ici.") == ["je", "connais", "quelqu'un", "d'", "ici", "."])
        #expect(french.tokenize("Personne n’est irremplaçable.") == ["personne", "n'", "est", "irremplaçable", "."])
        #expect(french.tokenize("C'est celui d'aujourd'hui.") == ["c'", "est", "celui", "d'", "aujourd'hui", "."])
        #expect(french.tokenize("Ç'a été dur.") == ["ç'", "a", "été", "dur", "."])
    }

    @Test func hyphenatedWordsStayWhole() {
        #expect(french.tokenize("Peut-être. Est-ce vrai ? Dis-moi !")
                == ["peut-être", ".", "est-ce", "vrai", "?", "dis-moi", "!"])
        #expect(french.tokenize("Y a-t-il quelqu'un ?") == ["y", "a-t-il", "quelqu'un", "?"])
        #expect(english.tokenize("A half-hearted ex-boyfriend.") == ["a", "half-hearted", "ex-boyfriend", "."])
    }

    @Test func frenchPunctuationSpacesAndGuillemets() {
        #expect(french.tokenize("Cours\u{202F}!") == ["cours", "!"])
        #expect(french.tokenize("«\u{A0}Sais-tu jouer de la guitare\u{A0}?\u{A0}» «\u{A0}Oui.\u{A0}»")
                == ["«", "sais-tu", "jouer", "de", "la", "guitare", "?", "»", "«", "oui", ".", "»"])
        #expect(french.tokenize("Elle a dit\u{A0}: «\u{A0}Regarde.\u{A0}»") == ["elle", "a", "dit", ":", "«", "regarde", ".", "»"])
        #expect(french.tokenize("Il est là\u{2009}?!") == ["il", "est", "là", "?!"])
        #expect(english.tokenize("Wait... \"Says who?\"") == ["wait", "...", "\"", "says", "who", "?", "\""])
    }

    @Test func keepCaseKeepsCaseAndStillSplits() {
        let englishCased = Tokenizer(language: .en, keepCase: true)
        #expect(englishCased.tokenize("I DON'T know Tom's NAME.") == ["I", "DO", "N'T", "know", "Tom", "'s", "NAME", "."])
        let frenchCased = Tokenizer(language: .fr, keepCase: true)
        #expect(frenchCased.tokenize("L'homme QU'il voit.") == ["L'", "homme", "QU'", "il", "voit", "."])
    }

    @Test func emptyAndBlankTextHaveNoTokens() {
        #expect(english.tokenize("").isEmpty)
        #expect(french.tokenize(" \u{202F}\t").isEmpty)
    }

    @Test func tokenizesAHundredThousandSentencesQuickly() {
        // About the size of the training corpus' two sides, several times over.
        let sentences = TextRoundTripTests.englishLines + TextRoundTripTests.frenchLines
        let rounds = 100_000 / sentences.count
        let clock = ContinuousClock()
        var tokenCount = 0
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                for sentence in TextRoundTripTests.englishLines { tokenCount += english.tokenize(sentence).count }
                for sentence in TextRoundTripTests.frenchLines { tokenCount += french.tokenize(sentence).count }
            }
        }
        #expect(tokenCount > 1_000_000)
        // About 0.3 s in release on one core; the bound leaves room for a busy machine.
        #expect(elapsed < .seconds(3), "tokenizing took \(elapsed)")
    }
}
