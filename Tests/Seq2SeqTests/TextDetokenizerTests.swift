import Testing
import Seq2Seq

@Suite("Detokenizer")
struct TextDetokenizerTests {
    let english = Detokenizer(language: .en)
    let french = Detokenizer(language: .fr)

    @Test func englishPunctuationAndContractions() {
        #expect(english.detokenize(["i", "do", "n't", "know", ",", "tom", "'s", "here", "!"]) == "i don't know, tom's here!")
        #expect(english.detokenize(["it", "'s", "99.9", "%", "effective", ";", "really", ":", "yes", "?"])
                == "it's 99.9% effective; really: yes?")
        #expect(english.detokenize(["tickets", "are", "$", "30", "(", "or", "less", ")", "."]) == "tickets are $30 (or less).")
    }

    @Test func frenchSpacesBeforeDoublePunctuationAndGluesElisions() {
        #expect(french.detokenize(["j'", "ai", "faim", "!"]) == "j'ai faim !")
        #expect(french.detokenize(["qu'", "est-ce", "que", "c'", "est", "?"]) == "qu'est-ce que c'est ?")
        #expect(french.detokenize(["il", "pleut", ";", "dis", ":", "oui", "."]) == "il pleut ; dis : oui.")
        #expect(french.detokenize(["«", "non", "»", ",", "ça", "veut", "dire", "«", "non", "»", "."])
                == "« non », ça veut dire « non ».")
        #expect(french.detokenize(["le", "prix", "est", "de", "15", "$", "."]) == "le prix est de 15$.")
        // The corpus' U+202F before `!` comes back as a plain space.
        #expect(!french.detokenize(["cours", "!"]).unicodeScalars.contains("\u{202F}"))
    }

    @Test func quotesAlternateBetweenOpeningAndClosing() {
        #expect(english.detokenize(["\"", "says", "who", "?", "\"", "\"", "says", "me", ".", "\""]) == "\"says who?\" \"says me.\"")
        #expect(french.detokenize(["elle", "a", "dit", "\"", "au", "revoir", "\"", "."]) == "elle a dit \"au revoir\".")
        #expect(english.detokenize(["a", "'", "present", "'", "and", "a", "'", "bribe", "'"]) == "a 'present' and a 'bribe'")
    }

    @Test func capitalizeUpperCasesSentenceStartsAndEnglishI() {
        #expect(english.detokenize(["i", "do", "n't", "know", ".", "i", "'m", "tom", "."], capitalize: true)
                == "I don't know. I'm tom.")
        #expect(english.detokenize(["\"", "where", "am", "i", "?", "\""], capitalize: true) == "\"Where am I?\"")
        #expect(english.detokenize(["mr.", "smith", "left", "at", "5", "p.m.", "today", "."], capitalize: true)
                == "Mr. smith left at 5 p.m. today.")
        #expect(french.detokenize(["j'", "ai", "vu", "i", "!", "«", "ça", "va", "?", "»"], capitalize: true)
                == "J'ai vu i ! « Ça va ? »")
        #expect(french.detokenize(["été", "."], capitalize: true) == "Été.")
    }

    @Test func emptyInput() {
        #expect(english.detokenize([]) == "")
        #expect(french.detokenize([""], capitalize: true) == "")
    }
}
