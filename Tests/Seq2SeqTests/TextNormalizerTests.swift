import Testing
import Seq2Seq

@Suite("TextNormalizer")
struct TextNormalizerTests {
    let normalizer = TextNormalizer()

    @Test func unicodeSpacesBecomePlainSpacesCollapsedAndTrimmed() {
        #expect(normalizer.normalize("Cours\u{202F}!") == "cours !")
        #expect(normalizer.normalize("  Où étiez-vous hier à 14\u{A0}h\u{A0}30\u{A0}?\n") == "où étiez-vous hier à 14 h 30 ?")
        #expect(normalizer.normalize("a\t\tb\u{2009}\u{2009}c\u{3000}d\u{2028}e\r\nf") == "a b c d e f")
        #expect(normalizer.normalize(" \u{A0}\t ") == "")
        #expect(normalizer.normalize("") == "")
    }

    @Test func typographicApostrophesBecomeASCII() {
        #expect(normalizer.normalize("Personne n’est là aujourd‘hui, Hawaiʼi") == "personne n'est là aujourd'hui, hawai'i")
    }

    @Test func controlAndInvisibleFormatCharactersAreRemoved() {
        #expect(normalizer.normalize("a\u{7}b\u{200B}c\u{AD}d\u{FEFF}e\u{85}f") == "abcde f")
    }

    @Test func lowerCasesButKeepsAccents() {
        #expect(normalizer.normalize("ÇA VA À L'ÉCOLE, Œuvre") == "ça va à l'école, œuvre")
        #expect(normalizer.normalize("ΣΟΦΙΑ Привет") == "σοφια привет")
        #expect(TextNormalizer(keepCase: true).normalize("ÇA  Va\u{202F}!") == "ÇA Va !")
    }

    @Test func composesToNFC() {
        let decomposed = "Cafe\u{301} E\u{301}te\u{301}"
        let result = normalizer.normalize(decomposed)
        #expect(result == "café été")
        #expect(Array(result.unicodeScalars) == Array("café été".unicodeScalars))
        #expect(TextNormalizer(keepCase: true).normalize(decomposed).unicodeScalars.count == 8)
    }
}
