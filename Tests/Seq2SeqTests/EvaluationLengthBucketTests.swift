import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Seq2Seq

@Suite("BLEU by source length")
struct EvaluationLengthBucketTests {
    // Tatoeba pairs: English source, French reference, and a plausible alternative translation.
    static let sources = ["Go.", "Who won?", "Do you have a credit card?", "I don't really understand what just happened.",
                          "I finally understand the basic principles of calculus.", "", "Help!",
                          "If you don't kill them, they'll kill you, and then there will be nobody left to talk to."]
    static let references = ["Va !", "Qui a gagné ?", "Avez-vous une carte de crédit\u{202F}?",
                             "Je ne comprends pas vraiment ce qui vient de se passer.",
                             "Je comprends finalement les principes de base du calcul.", "", "À l'aide !",
                             "Si vous ne les tuez pas, ils vous tueront, et alors il ne restera personne à qui parler."]
    static let alternatives = ["Bouge !", "Qui l'a emporté ?", "Disposes-tu d'une carte de crédit ?",
                               "Je ne comprends pas vraiment ce qui vient de se produire.",
                               "Je comprends finalement les principes de base des calculs.", "", "Aidez-moi !",
                               "Si tu ne les tues pas, elles te tueront, et il ne restera personne à qui parler."]
    static let sourceLengths = sources.map { $0.split(separator: " ").count }  // 1, 2, 6, 7, 8, 0, 1, 18

    @Test("bucket boundaries, labels and parsing")
    func buckets() throws {
        let standard = LengthBuckets.standard
        #expect((0..<standard.count).map(standard.label(ofBucket:)) == ["1-3", "4-5", "6-7", "8-10", "11+"])
        #expect([0, 1, 3, 4, 5, 6, 7, 8, 10, 11, 500].map(standard.bucket(forLength:)) == [nil, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
        #expect(try LengthBuckets(parsing: " 1, 4,6 ,8,11") == standard)
        let custom = try LengthBuckets(lowerBounds: [0, 5, 6])
        #expect((0..<custom.count).map(custom.label(ofBucket:)) == ["0-4", "5", "6+"])
        #expect(throws: EvaluationError.invalidLengthBuckets("lower bounds must increase, but 4 follows 4")) {
            try LengthBuckets(parsing: "1,4,4")
        }
        #expect(throws: EvaluationError.self) { try LengthBuckets(parsing: "1,four") }
        #expect(throws: EvaluationError.self) { try LengthBuckets(lowerBounds: []) }
        #expect(throws: EvaluationError.self) { try LengthBuckets(lowerBounds: [-1, 3]) }
    }

    @Test("side-by-side table skips empty buckets and counts sentences")
    func table() throws {
        let report = try LengthBucketReport(
            sourceLengths: Self.sourceLengths, references: Self.references,
            systems: [SystemTranslations(name: "perfect", hypotheses: Self.references),
                      SystemTranslations(name: "empty", hypotheses: Self.references.map { _ in "" })])
        let expected = """
            BLEU by source length (sacreBLEU 13a, mixed case)
            source tokens  sentences  perfect  empty
            1-3                    3   100.00   0.00
            6-7                    2   100.00   0.00
            8-10                   1   100.00   0.00
            11+                    1   100.00   0.00
            all                    8   100.00   0.00
            sentences shorter than the first bucket: 1 (counted only in 'all')

            """
        #expect(report.table() == expected)
        #expect(report.rows.map(\.label) == ["1-3", "6-7", "8-10", "11+"])
        #expect(report.unbucketedSentenceCount == 1)
    }

    @Test("each bucket's score is corpus BLEU of that bucket's sentences")
    func bucketScores() throws {
        let buckets = try LengthBuckets(lowerBounds: [1, 3, 8])
        let report = try LengthBucketReport(
            sourceLengths: Self.sourceLengths, references: Self.references,
            systems: [SystemTranslations(name: "alternative", hypotheses: Self.alternatives)], buckets: buckets)
        #expect(report.rows.map(\.label) == ["1-2", "3-7", "8+"])
        for row in report.rows {
            let members = Self.sourceLengths.indices.filter {
                buckets.bucket(forLength: Self.sourceLengths[$0]).map(buckets.label(ofBucket:)) == row.label
            }
            let expected = BLEU.corpusScore(hypotheses: members.map { Self.alternatives[$0] },
                                                references: members.map { Self.references[$0] })
            #expect(row.sentenceCount == members.count)
            #expect(row.scores[0].score == expected.score, "\(row.label)")
        }
        let overall = BLEU.corpusScore(hypotheses: Self.alternatives, references: Self.references)
        #expect(report.overall.scores[0].score == overall.score)
        #expect(Set(report.rows.map { $0.scores[0].score }).count == 3)  // the buckets really differ
    }

    @Test("mismatched inputs are reported")
    func badInput() {
        #expect(throws: EvaluationError.countMismatch(what: "hypotheses of 'short'", expected: 8, actual: 1)) {
            try LengthBucketReport(sourceLengths: Self.sourceLengths, references: Self.references,
                                   systems: [SystemTranslations(name: "short", hypotheses: ["Va !"])])
        }
        #expect(throws: EvaluationError.self) {
            try LengthBucketReport(sourceLengths: [1], references: Self.references, systems: [])
        }
    }

    @Test("the SVG chart is well-formed XML with one line, markers and a legend entry per system")
    func svg() throws {
        let awkwardName = "epoch-10 <best> & \"final\""
        let report = try LengthBucketReport(
            sourceLengths: Self.sourceLengths, references: Self.references,
            systems: [SystemTranslations(name: "epoch-5", hypotheses: Self.alternatives),
                      SystemTranslations(name: awkwardName, hypotheses: Self.references)])
        let svg = report.svg()
        let collector = SVGCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        #expect(parser.parse(), "SVG is not well-formed: \(String(describing: parser.parserError))")
        #expect(collector.elements.first == "svg")
        #expect(collector.elements.filter { $0 == "polyline" }.count == 2)
        // One marker per bucket and system, plus one legend marker per system: circles for the
        // first system, squares for the second (and the background rectangle).
        #expect(collector.elements.filter { $0 == "circle" }.count == report.rows.count + 1)
        #expect(collector.elements.filter { $0 == "rect" }.count == report.rows.count + 1 + 1)
        // The second line is dashed, so that it cannot hide the first one entirely.
        #expect(svg.components(separatedBy: "stroke-dasharray").count - 1 == 2)  // its line and its legend line
        #expect(collector.texts.contains("BLEU by source length"))
        #expect(collector.texts.contains(awkwardName))
        #expect(collector.texts.contains("Source length (tokens)"))
        #expect(collector.texts.contains("BLEU (sacreBLEU 13a)"))
        for row in report.rows { #expect(collector.texts.contains(row.label)) }
        #expect(collector.texts.contains("n=3"))

        let empty = try LengthBucketReport(sourceLengths: [], references: [String](), systems: [])
        #expect(XMLParser(data: Data(empty.svg().utf8)).parse())

        // A title and subtitle (as `s2s eval` writes them) are escaped and shown.
        let titled = report.svg(title: "BLEU by source length, en-fr", subtitle: "test <1> & beam 5")
        let titledCollector = SVGCollector()
        let titledParser = XMLParser(data: Data(titled.utf8))
        titledParser.delegate = titledCollector
        #expect(titledParser.parse())
        #expect(titledCollector.texts.contains("BLEU by source length, en-fr"))
        #expect(titledCollector.texts.contains("test <1> & beam 5"))
    }
}

/// Records element names and text nodes of a parsed document.
private final class SVGCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var texts: [String] = []
    private var currentText = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(elementName)
        currentText = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { currentText += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let text = currentText.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty { texts.append(text) }
        currentText = ""
    }
}
