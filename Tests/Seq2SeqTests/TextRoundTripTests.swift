import Testing
import Seq2Seq

/// Real lines from the Tatoeba corpus (shared/data/tatoeba-en-fr.tsv), copied verbatim:
/// `detokenize(tokenize(line))` must give back the normalised line.
@Suite("Tokenizer/Detokenizer round trip on corpus lines")
struct TextRoundTripTests {
    static let englishLines = [
        "This can't be what I think it is.",
        "This time, you won't avoid your punishment.",
        "You don't seem too worried.",
        "I'm sorry things didn't work out.",
        "Compared to you, I'm just a beginner at this game.",
        "That's enough crying. Pull yourself together.",
        "Where's the light switch?",
        "You're very astute.",
        "I've got a pair of sunglasses.",
        "I'd like to cash a travelers' check.",
        "He said, \"I want to be a doctor.\"",
        "\"How far is it from here to the station?\" \"It is about two miles.\"",
        "\"You had better not wear the red dress.\" \"Why not?\"",
        "His plane leaves for Hong Kong at 2:00 p.m.",
        "It will cost around 10,000 yen.",
        "We bought the goods at $3 a dozen.",
        "Tickets are $30, parking is free and children under ten receive free admission.",
        "That's what happens 99% of the time.",
        "It's 99.9% effective.",
        "My friend has had three jobs in a year; he never sticks to anything for long.",
        "I got up at 4:00, ate some food, then went back to sleep.",
        "I was Mr. Jackson's student.",
        "How does it feel to be Mrs. Tom Jackson?",
        "It'll be forgotten in a few months' time.",
        "If you can't lick 'em, join 'em.",
        "We would like to reserve a table for 6 o'clock.",
        "I would like to check yesterday's stock prices...",
        "I don't want to hear about all your ex-boyfriends.",
        "There is nothing worse than doing something in a half-hearted manner.",
        "You must be kidding!",
        "Where do you think you're going?",
        "Isn’t love supposed to last forever?",
        "You’ll see that I’m right.",
        "This is what is called a 'present' in some countries and 'bribery' in others.",
        "Let's take the 4:10 train.",
    ]

    static let frenchLines = [
        "Avez-vous quelque chose à faire après ça\u{202F}?",
        "Avez-vous apprécié Boston\u{202F}?",
        "Qu'est-ce que vous prenez au petit déjeuner habituellement\u{202F}?",
        "Où étiez-vous hier à 14\u{A0}h\u{A0}30\u{A0}?",
        "Combien de personnes ont été tuées dans l'accident\u{A0}?",
        "« Où allez-vous ? » « Au cinéma. »",
        "« Qu'est-ce qu'il se passe dans la grotte\u{202F}? Je suis curieux. » « Je n'en ai aucune idée. »",
        "«\u{A0}Sais-tu jouer de la guitare\u{A0}?\u{A0}» «\u{A0}Oui.\u{A0}»",
        "\"Merci, je reprendrais bien du gâteau\", dit le jeune homme timide.",
        "\"Qui t'a aidé\u{202F}?\" \"Tom.\"",
        "Dans ce cas, j'ai bien peur qu'il y ait un petit problème.",
        "Vous êtes le plus bel homme que j'aie jamais vu.",
        "Il n'y a rien de mieux qu'une promenade.",
        "Tom a insisté pour qu'il agisse seul.",
        "J'ai eu une mauvaise journée, aujourd'hui.",
        "Qui est de service aujourd'hui\u{202F}?",
        "Laisse-moi t'emmener jusqu'à la station.",
        "Je m'y suis tenue jusqu'à ce que j'aie fini.",
        "Je connais quelqu'un qui peut vous aider.",
        "Connais-tu quelqu'un qui a besoin d'un travail\u{A0}?",
        "Une croissance trimestrielle de 1,2% représente un taux de croissance annuel de 4,8%.",
        "Le taux de chômage au Japon était de 3,4 pour cent en septembre 2015.",
        "Il n'avait pas plus de 10 000 yens.",
        "Y a-t-il quoi que ce soit d'autre que je puisse faire ?",
        "A-t-elle un piano\u{A0}?",
        "Vous étiez saoul, n'est-ce pas ?",
        "J'ai pensé que je pourrais peut-être te payer un verre.",
        "Personne n’est irremplaçable.",
        "J’y vais.",
        "Un accident de la route l’a privé de l’utilisation de sa main gauche.",
        "Quelle est la taille de la population de New\u{2009}York\u{202F}?",
        "Cela empire-t-il\u{2009}?",
        "Fais juste comme je dis\u{2009}!",
        "Nous avons fixé le prix à 15$.",
        "J'étais l'étudiant de M. Jackson.",
        "Cours\u{202F}!",
        "Elle est du genre que les hommes qualifient d'« éblouissante ».",
    ]

    @Test("English lines survive tokenize → detokenize", arguments: englishLines)
    func englishRoundTrip(line: String) {
        for keepCase in [false, true] {
            let tokenizer = Tokenizer(language: .en, keepCase: keepCase)
            let rebuilt = Detokenizer(language: .en).detokenize(tokenizer.tokenize(line))
            #expect(rebuilt == TextNormalizer(keepCase: keepCase).normalize(line))
        }
    }

    @Test("French lines survive tokenize → detokenize", arguments: frenchLines)
    func frenchRoundTrip(line: String) {
        for keepCase in [false, true] {
            let tokenizer = Tokenizer(language: .fr, keepCase: keepCase)
            let rebuilt = Detokenizer(language: .fr).detokenize(tokenizer.tokenize(line))
            #expect(rebuilt == TextNormalizer(keepCase: keepCase).normalize(line))
        }
    }

    @Test func capitalizedRoundTripRestoresSentenceCase() {
        let english = Tokenizer(language: .en)
        let englishOut = Detokenizer(language: .en)
        #expect(englishOut.detokenize(english.tokenize("That's enough crying. Pull yourself together."), capitalize: true)
                == "That's enough crying. Pull yourself together.")
        #expect(englishOut.detokenize(english.tokenize("I'm sorry things didn't work out."), capitalize: true)
                == "I'm sorry things didn't work out.")
        let french = Tokenizer(language: .fr)
        #expect(Detokenizer(language: .fr).detokenize(french.tokenize("J’y vais."), capitalize: true) == "J'y vais.")
    }
}
