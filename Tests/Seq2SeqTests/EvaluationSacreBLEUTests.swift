import Testing
import Seq2Seq

// Reference values from sacreBLEU 2.6.0 (Python 3.11, `pip install sacrebleu` in a venv outside the repo).
// For each fixture, with `refs` transposed into sacreBLEU's reference streams (None where a sentence
// has fewer references):
//   bleu          = sacrebleu.corpus_bleu(hyps, refs).score
//   bleuLowercase = sacrebleu.corpus_bleu(hyps, refs, lowercase=True).score
//   hypothesisLength/referenceLength/matches/totals = .sys_len/.ref_len/.counts/.totals of the first call,
//   bleuLine = str(that score object)
//   chrF          = sacrebleu.corpus_chrf(hyps, refs).score
//   chrFLowercase = sacrebleu.metrics.CHRF(lowercase=True).corpus_score(hyps, refs).score
// Sentence fixtures: sacrebleu.sentence_bleu(hyp, refs).score and sacrebleu.sentence_chrf(hyp, refs).score.
// Tokenizer fixtures: sacrebleu.tokenizers.tokenizer_13a.Tokenizer13a()(line.rstrip()).
// The Tatoeba fixtures are alternative translations of the same sentence from
// shared/data/tatoeba-en-fr.tsv (one translation as hypothesis, the others as references).

struct SacreBLEUFixture: CustomTestStringConvertible, Sendable {
    let name: String
    let hypotheses: [String]
    let references: [[String]]
    let bleu: Double
    let bleuLowercase: Double
    let hypothesisLength: Int
    let referenceLength: Int
    let matches: [Int]
    let totals: [Int]
    let bleuLine: String
    let chrF: Double
    let chrFLowercase: Double

    var testDescription: String { name }
}

struct SacreBLEUSentenceFixture: Sendable {
    let hypothesis: String
    let references: [String]
    let bleu: Double
    let chrF: Double
}

/// Pinned values agree with sacreBLEU to floating-point rounding; 1e-9 leaves room for a
/// different summation order only.
let sacreBLEUTolerance = 1e-9

let sacreBLEUFixtures: [SacreBLEUFixture] = [
    SacreBLEUFixture(
        name: "tatoeba-fr-alternative-translations",
        hypotheses: [
            "Pourquoi veux-tu t'habiller ainsi ?",
            "Quels sont les aliments qu'on mange habituellement avec du vin rouge ?",
            "Je ne suis pas allé à l'enterrement.",
            "Je dois faire renouveler mon passeport.",
            "Je voulais t'en informer, mais Tom m'a dit de ne rien dire.",
            "Je veux que tu t'en retournes.",
            "Peux-tu m'aider pour celui-ci ?",
            "Il y avait seulement six personnes à la réunion.",
            "Vos pieds vous conduiront là où est votre cœur.",
            "Ne vous souciez-vous pas de ce qui se passe ?",
            "Il prit la fuite lorsqu'il me vit.",
            "Es-tu maniaque ?",
            "Il n'y eut pas de survivants.",
            "Je ne pense pas que quiconque pense que tu sois fou.",
            "Elle le battit à mort avec un club de golf.",
            "Je vais le conserver pour l'instant.",
            "Je n'avais pas idée que vous collectionniez les timbres.",
            "Dis-leur qui on est.",
            "Tu n'avais pas le choix.",
            "Il se peut qu'il ait raté le train.",
            "Quel est le nom de ton mari ?",
            "Te blesser n'était pas dans mes intentions.",
            "Je séjournai dans un hôtel bon marché.",
            "Tu voudras avoir l'air à ton maximum, demain.",
            "Elle sait tout sur \u{200B}\u{200B}la cuisine.",
            "J'ai dû le perdre.",
            "Je sais que tu aimes le café.",
            "L'heure tourne.",
            "Qu'est-ce qui t'a réveillé\u{202F}?",
            "Ça va prendre encore longtemps ?",
            "En fait, je suis plutôt occupé.",
            "Puis-je t'aider\u{202F}?",
            "Tom est allé chez lui avec Mary.",
            "Je pense que tu t'en es très bien sorti.",
            "Je veux tout entendre.",
            "Je pensais que tu pourrais être contrarié.",
            "Tu as été très gentil avec moi.",
            "Comprenez-vous ce que je veux dire\u{202F}?",
            "Tom a dit vous lui aviez dit d'attendre.",
            "Ça ne serait pas pareil, sans toi.",
        ],
        references: [
            ["Pourquoi voulez-vous vous habiller ainsi ?"],
            ["Quels sont les aliments que tu manges habituellement avec du vin rouge ?"],
            ["Je ne suis pas allée à l'enterrement."],
            ["Je dois renouveler mon passeport."],
            ["Je voulais vous en informer, mais Tom m'a dit de ne rien dire."],
            ["Je veux que vous vous en retourniez."],
            ["Peux-tu m'aider pour celle-ci ?"],
            ["Il n'y avait que six personnes à la réunion."],
            ["Vos pieds vous conduiront là où votre cœur se trouve."],
            ["Ne te soucies-tu pas de ce qui se passe ?"],
            ["Il s'est enfuit quand il m'a vu."],
            ["Êtes-vous maniaque ?"],
            ["Il n'y a pas eu de survivants."],
            ["Je ne pense pas que quiconque pense que vous soyez fou."],
            ["Elle l'a battu à mort avec un club de golf."],
            ["Je vais la conserver pour l'instant."],
            ["Je n'avais pas idée que tu collectionnais les timbres."],
            ["Dites-leur qui nous sommes."],
            ["Vous n'aviez pas le choix."],
            ["Il a peut-être manqué son train."],
            ["Comment s'appelle ton mari ?"],
            ["Vous blesser n'était pas dans mes intentions."],
            ["J'ai séjourné dans un hôtel bon marché."],
            ["Vous voudrez avoir l'air à votre maximum, demain."],
            ["Elle sait tout de la cuisine."],
            ["J'ai dû perdre les pédales."],
            ["Je sais que vous aimez le café."],
            ["L'horloge tictaque."],
            ["Qu'est-ce qui t'a réveillée\u{202F}?"],
            ["Ça va être encore long ?"],
            ["En fait, je suis un peu occupée."],
            ["Puis-je vous aider\u{202F}?"],
            ["Tom rentra chez lui avec Mary."],
            ["Je pense que tu t'en es très bien sortie."],
            ["Je veux entendre tout."],
            ["Je pensais que tu pourrais être contrariée."],
            ["Tu as été très gentille avec moi."],
            ["Vous voyez ce que je veux dire\u{202F}?"],
            ["Tom a dit que tu lui avais dit d'attendre."],
            ["Ça ne serait pas pareil, sans vous."],
        ],
        bleu: 50.34405179986798, bleuLowercase: 50.34405179986798,
        hypothesisLength: 309, referenceLength: 313,
        matches: [234, 153, 103, 66], totals: [309, 269, 229, 189],
        bleuLine: "BLEU = 50.34 75.7/56.9/45.0/34.9 (BP = 0.987 ratio = 0.987 hyp_len = 309 ref_len = 313)",
        chrF: 69.8422781470159, chrFLowercase: 69.92980490503163),
    SacreBLEUFixture(
        name: "tatoeba-en-alternative-translations",
        hypotheses: [
            "How do you know it's real?",
            "I've made up my mind to go.",
            "I don't have time now.",
            "Tom's upstairs.",
            "I wish someone would help me do that.",
            "She attempted suicide.",
            "Can I use your dictionary?",
            "I could never harm you.",
            "I can't think of his name.",
            "That's a bright idea.",
            "I think I need to go.",
            "That day will go down in history.",
            "I'll be right back.",
            "He's very likely to be late.",
            "This is unsafe.",
            "I am very glad to see you.",
            "I live nearby.",
            "This doesn't feel right.",
            "No one in my family can do that.",
            "I don't get the connection.",
            "She's teaching us French.",
            "I'm not like you.",
            "She stared him in the face.",
            "She's very afraid of snakes.",
            "We didn't need to hurry.",
            "Enjoy your trip.",
            "I beg your pardon?",
            "I promise you won't be disappointed.",
            "A true scientist wouldn't think like that.",
            "I disagree with you.",
        ],
        references: [
            ["How do you know it's true?"],
            ["I made up my mind to go there."],
            ["I don't have time right now."],
            ["Tom is upstairs."],
            ["I wish somebody would help me do that."],
            ["She tried to commit suicide."],
            ["May I use your dictionary?"],
            ["I could never hurt you."],
            ["I don't remember her name anymore."],
            ["That's a brilliant idea."],
            ["I think it's time for me to go."],
            ["This day will go down in history."],
            ["I will be back soon."],
            ["It's very likely that he'll be late."],
            ["It's not secure."],
            ["I'm very happy to see you."],
            ["I live near here."],
            ["This doesn't sound right."],
            ["Nobody in my family can do that."],
            ["I don't see the connection."],
            ["She is teaching us French."],
            ["I am not like you."],
            ["She looked him right in the eye."],
            ["She has a great fear of snakes."],
            ["We need not have hurried."],
            ["Have a nice trip!"],
            ["I ask your forgiveness."],
            ["I promise that you won't be disappointed."],
            ["A true scientist would not think like that."],
            ["I don't agree with you."],
        ],
        bleu: 39.954563920942746, bleuLowercase: 39.954563920942746,
        hypothesisLength: 182, referenceLength: 199,
        matches: [134, 78, 44, 25], totals: [182, 152, 122, 92],
        bleuLine: "BLEU = 39.95 73.6/51.3/36.1/27.2 (BP = 0.911 ratio = 0.915 hyp_len = 182 ref_len = 199)",
        chrF: 58.49528330041605, chrFLowercase: 58.82075942323021),
    SacreBLEUFixture(
        name: "tatoeba-fr-two-references",
        hypotheses: [
            "Je n'avais pas idée que vous étiez si impitoyable.",
            "Es-tu aussi grand que moi\u{2009}?",
            "Nous avons discuté du problème toute l'après-midi.",
            "Le voleur s'est tiré avec l'argent.",
            "Ils dormirent dans la voiture parce qu'ils ne purent trouver d'hôtel.",
            "Tu n'es pas le seul canadien ici.",
            "Vous acceptez les cartes de crédit\u{202F}?",
            "Je suis reconnaissant pour ce que vous avez fait hier.",
            "Dans quel coin dites-vous que ça s'est produit ?",
            "Nous allons gravir cette montagne.",
            "Nous ne t'avons pas entendu entrer.",
            "Pourquoi voudrais-tu être enseignante ?",
            "Je veux vous rendre heureux.",
            "En mangeant notre repas, nous parlâmes de ce que nous avions fait ce jour-là.",
            "Je n'ai pas de raison de te mentir.",
            "Je sais que tu n'es pas stupide au point de croire ça.",
            "Je vous ai laissée m'attraper.",
            "La seconde Guerre Mondiale s'est terminée en 1945.",
            "Y a-t-il quelque chose à boire dans le frigo\u{202F}?",
            "Nous parvînmes à la gare à temps.",
            "Vous ai-je dit cela ?",
            "Que fais-tu lorsque tu n'as pas le temps de déjeuner ?",
            "Tu as mis de la crème solaire ?",
            "Je n'en ai juste pas envie.",
            "Elle l'appela pour lui dire qu'elle serait en retard.",
        ],
        references: [
            ["Je n'avais pas idée que vous étiez si impitoyables.", "Je n'avais pas idée que tu étais si impitoyable."],
            ["Es-tu aussi grande que moi\u{2009}?", "Êtes-vous aussi grand que moi\u{2009}?"],
            ["Nous avons discuté du problème tout l'après-midi.", "Nous discutâmes du problème toute l'après-midi."],
            ["Le voleur s'est échappé avec l'argent.", "Le voleur a fui avec l'argent."],
            ["Elles dormirent dans la voiture parce qu'elles ne purent trouver d'hôtel.", "Ils ont dormi dans la voiture parce qu'ils n'ont pu trouver d'hôtel."],
            ["Tu n'es pas la seule canadienne ici.", "Vous n'êtes pas la seule canadienne ici."],
            ["Acceptez-vous les cartes de crédits\u{202F}?", "Vous acceptez des cartes de crédit\u{202F}?"],
            ["Je suis reconnaissante pour ce que vous avez fait hier.", "Je suis reconnaissant pour ce que tu as fait hier."],
            ["Dans quel coin dites-vous que ça a eu lieu ?", "Dans quel coin dis-tu que ça s'est produit ?"],
            ["Nous avons l'intention de gravir cette montagne.", "Nous allons escalader cette montagne."],
            ["Nous ne t'avons pas entendue entrer.", "Nous ne vous avons pas entendu entrer."],
            ["Pourquoi voudrais-tu être enseignant ?", "Pourquoi voudriez-vous être enseignant ?"],
            ["Je veux vous rendre heureuse.", "Je veux vous rendre heureuses."],
            ["En mangeant notre repas, nous discutâmes de ce que nous avions fait ce jour-là.", "En mangeant notre repas, nous avons parlé de ce que nous avions fait ce jour-là."],
            ["Je n'ai aucune raison de te mentir.", "Je n'ai pas de raison de vous mentir."],
            ["Je sais que tu n'es pas assez stupide pour croire cela.", "Je sais que vous n'êtes pas assez stupide pour croire cela."],
            ["Je vous ai laissé m'attraper.", "Je vous ai laissés m'attraper."],
            ["La deuxième guerre mondiale s'est achevée en dix-neuf-cents-quarante-cinq.", "La deuxième guerre mondiale s'est achevée en mille-neuf-cents-quarante-cinq."],
            ["Y a-t-il quelque chose à boire au réfrigérateur\u{202F}?", "Y a-t-il quoi que ce soit à boire dans le frigo ?"],
            ["Nous sommes parvenus à la gare à temps.", "Nous sommes parvenues à la gare à temps."],
            ["Vous ai-je conté cela ?", "T'ai-je conté cela ?"],
            ["Que faites-vous lorsque vous n'avez pas le temps de déjeuner ?", "Que fait-on lorsque on n'a pas le temps de déjeuner ?"],
            ["As-tu mis de la crème solaire ?", "Avez-vous mis de la crème solaire ?"],
            ["Je ne m'en sens juste pas le cœur.", "Je n'en suis juste pas d'humeur."],
            ["Elle l'appela pour lui annoncer qu'elle serait en retard.", "Elle l'a appelé pour lui annoncer qu'elle serait en retard."],
        ],
        bleu: 66.74102325701284, bleuLowercase: 67.32219254527696,
        hypothesisLength: 214, referenceLength: 212,
        matches: [187, 139, 102, 69], totals: [214, 189, 164, 139],
        bleuLine: "BLEU = 66.74 87.4/73.5/62.2/49.6 (BP = 1.000 ratio = 1.009 hyp_len = 214 ref_len = 212)",
        chrF: 75.20811317094591, chrFLowercase: 75.91209819711061),
    SacreBLEUFixture(
        name: "perfect-match",
        hypotheses: [
            "Va !",
            "Je viens d'arriver à la gare.",
            "Avez-vous une carte de crédit\u{202F}?",
            "Dis : « s'il te plaît ».",
            "Elle ne savait pas quoi faire.",
            "Je lui dois 50,000 yens.",
            "Il conduisit le pick-up jusqu'à Dallas.",
            "Quel est mon numéro de chambre\u{202F}?",
        ],
        references: [
            ["Va !"],
            ["Je viens d'arriver à la gare."],
            ["Avez-vous une carte de crédit\u{202F}?"],
            ["Dis : « s'il te plaît »."],
            ["Elle ne savait pas quoi faire."],
            ["Je lui dois 50,000 yens."],
            ["Il conduisit le pick-up jusqu'à Dallas."],
            ["Quel est mon numéro de chambre\u{202F}?"],
        ],
        bleu: 100.00000000000004, bleuLowercase: 100.00000000000004,
        hypothesisLength: 50, referenceLength: 50,
        matches: [50, 42, 34, 27], totals: [50, 42, 34, 27],
        bleuLine: "BLEU = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 50 ref_len = 50)",
        chrF: 100.0, chrFLowercase: 100.0),
    SacreBLEUFixture(
        name: "one-empty-hypothesis",
        hypotheses: [
            "Je sais que je me fais vieux.",
            "",
            "Qui est le propriétaire de cette maison ?",
            "Il est un peu comme son père.",
            "Je regarde la télévision de temps en temps.",
            "Ça alors !",
        ],
        references: [
            ["Je sais que je me fais vieux."],
            ["Il semble que j'ai de la fièvre."],
            ["Qui est le propriétaire de cette maison\u{202F}?"],
            ["Il est un peu comme son père."],
            ["Je regarde la télé de temps en temps."],
            ["Ça alors\u{202F}!"],
        ],
        bleu: 71.93439671754062, bleuLowercase: 71.93439671754062,
        hypothesisLength: 36, referenceLength: 44,
        matches: [35, 29, 23, 17], totals: [36, 31, 26, 21],
        bleuLine: "BLEU = 71.93 97.2/93.5/88.5/81.0 (BP = 0.801 ratio = 0.818 hyp_len = 36 ref_len = 44)",
        chrF: 81.9371922517635, chrFLowercase: 81.9371922517635),
    SacreBLEUFixture(
        name: "all-hypotheses-empty",
        hypotheses: [
            "",
            "",
            "",
        ],
        references: [
            ["Salut !"],
            ["Cours\u{202F}!"],
            ["À l'aide !"],
        ],
        bleu: 0.0, bleuLowercase: 0.0,
        hypothesisLength: 0, referenceLength: 7,
        matches: [0, 0, 0, 0], totals: [0, 0, 0, 0],
        bleuLine: "BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 0.000 ratio = 0.000 hyp_len = 0 ref_len = 7)",
        chrF: 0.0, chrFLowercase: 0.0),
    SacreBLEUFixture(
        name: "short-hypotheses-brevity-penalty",
        hypotheses: [
            "Je viens d'arriver.",
            "Je ne regrette pas.",
            "Si vous ne les tuez pas,",
            "Je comprends finalement",
            "Ils veulent simplement",
        ],
        references: [
            ["Je viens d'arriver à la gare."],
            ["Je ne regrette pas ce qui s'est passé la nuit dernière."],
            ["Si vous ne les tuez pas, ils vous tueront."],
            ["Je comprends finalement les principes de base du calcul."],
            ["Ils veulent simplement faire ta connaissance."],
        ],
        bleu: 27.32541756934624, bleuLowercase: 27.32541756934624,
        hypothesisLength: 22, referenceLength: 47,
        matches: [22, 15, 10, 5], totals: [22, 17, 12, 7],
        bleuLine: "BLEU = 27.33 100.0/88.2/83.3/71.4 (BP = 0.321 ratio = 0.468 hyp_len = 22 ref_len = 47)",
        chrF: 49.46528858435272, chrFLowercase: 49.46528858435272),
    SacreBLEUFixture(
        name: "numbers-punctuation-entities",
        hypotheses: [
            "It only costs $10.00!",
            "I owe him 50,000 yen.",
            "Is this 223-1374?",
            "I like R &amp; B.",
            "&quot;No&quot; means no.",
            "It's 99.9% effective.",
            "She was born in 1990-1991, I think...",
            "Is it 3.5 or 3,5?",
            "Look: (a) [b] {c} <d> a/b a\\b #1 @home ~tilde_ `tick` ^caret |pipe| *star* +plus= ;semi",
            "Well.,Ok.. 1.,2 ,3 4-5 a-b -6 7- .8 9.",
        ],
        references: [
            ["It only costs $10.00."],
            ["I owe him 50,000 yen!"],
            ["Is this 223-1374 ?"],
            ["I like R&B."],
            ["\"No\" means no."],
            ["It's 99.9 % effective."],
            ["She was born in 1990 - 1991, I think."],
            ["Is it 3.5 or 3,5 ?"],
            ["Look: (a) [b] {c} <d> a/b a\\b #1 @home ~tilde_ `tick` ^caret |pipe| *star* +plus= ;semi"],
            ["Well., Ok.. 1.,2 ,3 4-5 a-b -6 7- .8 9."],
        ],
        bleu: 96.14556912213594, bleuLowercase: 96.14556912213594,
        hypothesisLength: 120, referenceLength: 118,
        matches: [116, 106, 96, 86], totals: [120, 110, 100, 90],
        bleuLine: "BLEU = 96.15 96.7/96.4/96.0/95.6 (BP = 1.000 ratio = 1.017 hyp_len = 120 ref_len = 118)",
        chrF: 95.1157066033423, chrFLowercase: 95.1157066033423),
    SacreBLEUFixture(
        name: "case-differences",
        hypotheses: [
            "JE NE SAIS PAS.",
            "ça alors !",
            "À QUELLE HEURE T'ES-TU RÉVEILLÉE ?",
            "Tom Est Un Peu Enveloppé.",
            "I KNOW I'M GETTING OLD.",
            "Where In Australia Are You From?",
        ],
        references: [
            ["Je ne sais pas."],
            ["Ça alors !"],
            ["À quelle heure t'es-tu réveillée ?"],
            ["Tom est un peu enveloppé."],
            ["I know I'm getting old."],
            ["Where in Australia are you from?"],
        ],
        bleu: 4.8081250058176375, bleuLowercase: 100.00000000000004,
        hypothesisLength: 33, referenceLength: 33,
        matches: [12, 1, 0, 0], totals: [33, 27, 21, 15],
        bleuLine: "BLEU = 4.81 36.4/3.7/2.4/1.7 (BP = 1.000 ratio = 1.000 hyp_len = 33 ref_len = 33)",
        chrF: 26.212917239443012, chrFLowercase: 100.0),
    SacreBLEUFixture(
        name: "unicode-edge-cases",
        hypotheses: [
            "Je viens d\u{2019}arriver à la gare.",
            "Il a e\u{301}te\u{301} tre\u{300}s gentil.",
            "ΟΔΟΣ ΣΟΦΙΑΣ",
            "İstanbul est loin.",
            "Elle  est\tpartie   hier. ",
            "Bonjour\u{A0}! Comment\u{2009}ça va\u{202F}?",
            "zero\u{200B}width space",
            "Straße und STRASSE",
        ],
        references: [
            ["Je viens d'arriver à la gare."],
            ["Il a été très gentil."],
            ["οδος σοφιας"],
            ["istanbul est loin."],
            ["Elle est partie hier."],
            ["Bonjour ! Comment ça va ?"],
            ["zero width space"],
            ["strasse und straße"],
        ],
        bleu: 56.422558529393534, bleuLowercase: 59.31924958074108,
        hypothesisLength: 35, referenceLength: 36,
        matches: [26, 17, 10, 6], totals: [35, 27, 19, 13],
        bleuLine: "BLEU = 56.42 74.3/63.0/52.6/46.2 (BP = 0.972 ratio = 0.972 hyp_len = 35 ref_len = 36)",
        chrF: 71.53087296357164, chrFLowercase: 84.55711572331101),
    SacreBLEUFixture(
        name: "no-overlap",
        hypotheses: [
            "Who owns this house",
            "I watch TV now and then",
        ],
        references: [
            ["Qui est le propriétaire de cette maison"],
            ["Il semble que j'ai de la fièvre"],
        ],
        bleu: 0.0, bleuLowercase: 0.0,
        hypothesisLength: 10, referenceLength: 14,
        matches: [0, 0, 0, 0], totals: [10, 8, 6, 4],
        bleuLine: "BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 0.670 ratio = 0.714 hyp_len = 10 ref_len = 14)",
        chrF: 5.03704768092763, chrFLowercase: 5.3503312522222926),
    SacreBLEUFixture(
        name: "single-word-hypotheses",
        hypotheses: [
            "Salut.",
            "Cours !",
            "Qui ?",
            "Aide",
            "Stop!",
        ],
        references: [
            ["Salut !"],
            ["Courez !"],
            ["Qui ?"],
            ["À l'aide !"],
            ["Ça suffit !"],
        ],
        bleu: 0.0, bleuLowercase: 0.0,
        hypothesisLength: 9, referenceLength: 12,
        matches: [5, 1, 0, 0], totals: [9, 4, 0, 0],
        bleuLine: "BLEU = 0.00 55.6/25.0/0.0/0.0 (BP = 0.717 ratio = 0.750 hyp_len = 9 ref_len = 12)",
        chrF: 28.537716846163335, chrFLowercase: 31.912615123141546),
    SacreBLEUFixture(
        name: "variable-reference-count",
        hypotheses: [
            "J'ignore comment le faire.",
            "Je ne suis pas autorisé à vous aider.",
            "Les Chinois forment un peuple très travailleur.",
            "J'ai été déçu des nouvelles.",
            "Deux personnes disent avoir entendu une détonation.",
            "Êtes-vous sûr que nous fassions ce qu'il convient ?",
            "Je vais m'en charger moi-même.",
            "Tom fait ça uniquement lorsqu'il est fatigué.",
            "J'ai tenu ma langue.",
            "Vous entendrez parler de nous prochainement.",
            "Je voulais faire quelque chose de chouette pour toi.",
            "Est-ce que tu joues bien au tennis\u{202F}?",
        ],
        references: [
            ["J'ignore comment faire ça."],
            ["Je ne suis pas autorisée à vous aider.", "Je ne suis pas autorisé à t'aider."],
            ["Les Chinois sont de gros travailleurs.", "Le peuple chinois est très travailleur."],
            ["J'étais déçue des nouvelles."],
            ["Deux personnes disent avoir entendu un coup de feu.", "Deux personnes disent qu'elles ont entendu une détonation."],
            ["Êtes-vous sûre que nous fassions ce qu'il convient ?", "Êtes-vous sûrs que nous fassions ce qu'il convient ?"],
            ["Je vais moi-même m'occuper d'eux."],
            ["Tom fait cela uniquement lorsqu'il est fatigué.", "Tom le fait uniquement lorsqu'il est fatigué."],
            ["Je tins ma langue.", "Je n'ai pas dit mot."],
            ["Vous aurez bientôt de nos nouvelles."],
            ["Je voulais t'être agréable.", "Je voulais vous être agréable."],
            ["Joues-tu bien au tennis ?", "Jouez-vous bien au tennis ?"],
        ],
        bleu: 43.07064781850924, bleuLowercase: 43.07064781850924,
        hypothesisLength: 89, referenceLength: 81,
        matches: [62, 39, 24, 14], totals: [89, 77, 65, 53],
        bleuLine: "BLEU = 43.07 69.7/50.6/36.9/26.4 (BP = 1.000 ratio = 1.099 hyp_len = 89 ref_len = 81)",
        chrF: 65.76860775297621, chrFLowercase: 66.30713139015012),
]

let sacreBLEUSentenceFixtures: [SacreBLEUSentenceFixture] = [
    SacreBLEUSentenceFixture(hypothesis: "Pourquoi veux-tu t'habiller ainsi ?", references: ["Pourquoi voulez-vous vous habiller ainsi ?"], bleu: 19.3576934939088, chrF: 55.531471169434134),
    SacreBLEUSentenceFixture(hypothesis: "Quels sont les aliments qu'on mange habituellement avec du vin rouge ?", references: ["Quels sont les aliments que tu manges habituellement avec du vin rouge ?"], bleu: 58.33510584342546, chrF: 84.45063256860068),
    SacreBLEUSentenceFixture(hypothesis: "Je ne suis pas allé à l'enterrement.", references: ["Je ne suis pas allée à l'enterrement."], bleu: 50.000000000000014, chrF: 87.93006100154936),
    SacreBLEUSentenceFixture(hypothesis: "Je viens d'arriver.", references: ["Je viens d'arriver à la gare."], bleu: 30.18153515504547, chrF: 67.67434076397566),
    SacreBLEUSentenceFixture(hypothesis: "Je ne regrette pas.", references: ["Je ne regrette pas ce qui s'est passé la nuit dernière."], bleu: 17.437038542312457, chrF: 34.35955183572625),
    SacreBLEUSentenceFixture(hypothesis: "Si vous ne les tuez pas,", references: ["Si vous ne les tuez pas, ils vous tueront."], bleu: 56.47181220077595, chrF: 57.75719955158476),
    SacreBLEUSentenceFixture(hypothesis: "It only costs $10.00!", references: ["It only costs $10.00."], bleu: 75.98356856515926, chrF: 93.46837666690608),
    SacreBLEUSentenceFixture(hypothesis: "I owe him 50,000 yen.", references: ["I owe him 50,000 yen!"], bleu: 75.98356856515926, chrF: 93.00541370394312),
    SacreBLEUSentenceFixture(hypothesis: "Is this 223-1374?", references: ["Is this 223-1374 ?"], bleu: 100.00000000000004, chrF: 100.0),
]

let sacreBLEUTokenizerFixtures: [(line: String, tokenized: String)] = [
    ("It only costs $10.00!", "It only costs $ 10.00 !"),
    ("I owe him 50,000 yen.", "I owe him 50,000 yen ."),
    ("Is this 223-1374?", "Is this 223 - 1374 ?"),
    ("I like R &amp; B.", "I like R & B ."),
    ("&quot;No&quot; means no.", "\" No \" means no ."),
    ("It's 99.9% effective.", "It's 99.9 % effective ."),
    ("She was born in 1990-1991, I think...", "She was born in 1990 - 1991 , I think . . ."),
    ("Is it 3.5 or 3,5?", "Is it 3.5 or 3,5 ?"),
    ("Look: (a) [b] {c} <d> a/b a\\b #1 @home ~tilde_ `tick` ^caret |pipe| *star* +plus= ;semi", "Look : ( a ) [ b ] { c } < d > a / b a \\ b # 1 @ home ~ tilde _ ` tick ` ^ caret | pipe | * star * + plus = ; semi"),
    ("Well.,Ok.. 1.,2 ,3 4-5 a-b -6 7- .8 9.", "Well . , Ok . . 1 . , 2 , 3 4 - 5 a-b -6 7 - . 8 9 ."),
    ("It only costs $10.00.", "It only costs $ 10.00 ."),
    ("I owe him 50,000 yen!", "I owe him 50,000 yen !"),
    ("Is this 223-1374 ?", "Is this 223 - 1374 ?"),
    ("I like R&B.", "I like R & B ."),
    ("\"No\" means no.", "\" No \" means no ."),
    ("It's 99.9 % effective.", "It's 99.9 % effective ."),
    ("She was born in 1990 - 1991, I think.", "She was born in 1990 - 1991 , I think ."),
    ("Is it 3.5 or 3,5 ?", "Is it 3.5 or 3,5 ?"),
    ("Look: (a) [b] {c} <d> a/b a\\b #1 @home ~tilde_ `tick` ^caret |pipe| *star* +plus= ;semi", "Look : ( a ) [ b ] { c } < d > a / b a \\ b # 1 @ home ~ tilde _ ` tick ` ^ caret | pipe | * star * + plus = ; semi"),
    ("Well., Ok.. 1.,2 ,3 4-5 a-b -6 7- .8 9.", "Well . , Ok . . 1 . , 2 , 3 4 - 5 a-b -6 7 - . 8 9 ."),
    ("JE NE SAIS PAS.", "JE NE SAIS PAS ."),
    ("ça alors !", "ça alors !"),
    ("À QUELLE HEURE T'ES-TU RÉVEILLÉE ?", "À QUELLE HEURE T'ES-TU RÉVEILLÉE ?"),
    ("Tom Est Un Peu Enveloppé.", "Tom Est Un Peu Enveloppé ."),
    ("I KNOW I'M GETTING OLD.", "I KNOW I'M GETTING OLD ."),
    ("Where In Australia Are You From?", "Where In Australia Are You From ?"),
    ("Je ne sais pas.", "Je ne sais pas ."),
    ("Ça alors !", "Ça alors !"),
    ("À quelle heure t'es-tu réveillée ?", "À quelle heure t'es-tu réveillée ?"),
    ("Tom est un peu enveloppé.", "Tom est un peu enveloppé ."),
    ("I know I'm getting old.", "I know I'm getting old ."),
    ("Where in Australia are you from?", "Where in Australia are you from ?"),
    ("Je viens d\u{2019}arriver à la gare.", "Je viens d\u{2019}arriver à la gare ."),
    ("Il a e\u{301}te\u{301} tre\u{300}s gentil.", "Il a e\u{301}te\u{301} tre\u{300}s gentil ."),
    ("ΟΔΟΣ ΣΟΦΙΑΣ", "ΟΔΟΣ ΣΟΦΙΑΣ"),
    ("İstanbul est loin.", "İstanbul est loin ."),
    ("Elle  est\tpartie   hier. ", "Elle est partie hier ."),
    ("Bonjour\u{A0}! Comment\u{2009}ça va\u{202F}?", "Bonjour ! Comment ça va ?"),
    ("zero\u{200B}width space", "zero\u{200B}width space"),
    ("Straße und STRASSE", "Straße und STRASSE"),
    ("Je viens d'arriver à la gare.", "Je viens d'arriver à la gare ."),
    ("Il a été très gentil.", "Il a été très gentil ."),
    ("οδος σοφιας", "οδος σοφιας"),
    ("istanbul est loin.", "istanbul est loin ."),
    ("Elle est partie hier.", "Elle est partie hier ."),
    ("Bonjour ! Comment ça va ?", "Bonjour ! Comment ça va ?"),
    ("zero width space", "zero width space"),
    ("strasse und straße", "strasse und straße"),
    ("a <skipped> b", "a b"),
    ("line-\nbreak\nhere", "linebreak here"),
    ("&amp;lt; &amp;quot; &quot;&amp;&lt;&gt;", "< & quot ; \" & < >"),
    ("&AMP; &ampx", "& AMP ; & ampx"),
    ("a..b a,,b 1..2 .a. ,a,", "a . . b a , , b 1 . . 2 . a . , a ,")
]

@Suite("sacreBLEU reference values")
struct EvaluationSacreBLEUTests {
    @Test("corpus BLEU matches sacrebleu.corpus_bleu", arguments: sacreBLEUFixtures)
    func corpusBLEU(fixture: SacreBLEUFixture) throws {
        let score = BLEU.corpusScore(hypotheses: fixture.hypotheses, references: fixture.references)
        #expect(abs(score.score - fixture.bleu) < sacreBLEUTolerance, "\(score.score) vs \(fixture.bleu)")
        #expect(score.hypothesisLength == fixture.hypothesisLength)
        #expect(score.referenceLength == fixture.referenceLength)
        #expect([score.statistics.matches[0], score.statistics.matches[1], score.statistics.matches[2], score.statistics.matches[3]] == fixture.matches)
        #expect([score.statistics.totals[0], score.statistics.totals[1], score.statistics.totals[2], score.statistics.totals[3]] == fixture.totals)
        #expect(score.description == fixture.bleuLine)
    }

    @Test("lowercased corpus BLEU matches sacrebleu.corpus_bleu(lowercase=True)", arguments: sacreBLEUFixtures)
    func lowercasedCorpusBLEU(fixture: SacreBLEUFixture) throws {
        let score = BLEU.corpusScore(hypotheses: fixture.hypotheses, references: fixture.references, lowercase: true)
        #expect(abs(score.score - fixture.bleuLowercase) < sacreBLEUTolerance, "\(score.score) vs \(fixture.bleuLowercase)")
    }

    @Test("corpus chrF matches sacrebleu.corpus_chrf", arguments: sacreBLEUFixtures)
    func corpusChrF(fixture: SacreBLEUFixture) throws {
        let score = ChrF.corpusScore(hypotheses: fixture.hypotheses, references: fixture.references)
        #expect(abs(score.score - fixture.chrF) < sacreBLEUTolerance, "\(score.score) vs \(fixture.chrF)")
        let lowercased = ChrF.corpusScore(hypotheses: fixture.hypotheses, references: fixture.references, lowercase: true)
        #expect(abs(lowercased.score - fixture.chrFLowercase) < sacreBLEUTolerance, "\(lowercased.score) vs \(fixture.chrFLowercase)")
    }

    @Test("sentence BLEU and chrF match sacrebleu.sentence_bleu / sentence_chrf")
    func sentenceScores() throws {
        for fixture in sacreBLEUSentenceFixtures {
            let bleu = BLEU.sentenceScore(hypothesis: fixture.hypothesis, references: fixture.references)
            #expect(abs(bleu.score - fixture.bleu) < sacreBLEUTolerance, "\(fixture.hypothesis): \(bleu.score) vs \(fixture.bleu)")
            let chrF = ChrF.sentenceScore(hypothesis: fixture.hypothesis, references: fixture.references)
            #expect(abs(chrF.score - fixture.chrF) < sacreBLEUTolerance, "\(fixture.hypothesis): \(chrF.score) vs \(fixture.chrF)")
        }
    }

    @Test("13a tokenisation matches sacreBLEU's Tokenizer13a")
    func tokenizer() {
        for (line, tokenized) in sacreBLEUTokenizerFixtures {
            #expect(Tokenizer13a.tokenize(line).joined(separator: " ") == tokenized, "\(line)")
        }
    }
}
