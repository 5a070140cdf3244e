import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Seq2Seq

/// Collects what an XML parser sees of an SVG document.
private final class AlignmentSVGInspector: NSObject, XMLParserDelegate {
    var rootName: String?
    var rootAttributes: [String: String] = [:]
    var texts: [String] = []
    var rectFills: [String] = []
    private var currentText: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if rootName == nil {
            rootName = name
            rootAttributes = attributes
        }
        if name == "text" { currentText = "" }
        if name == "rect", let fill = attributes["fill"] { rectFills.append(fill) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        currentText? += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text", let text = currentText {
            texts.append(text)
            currentText = nil
        }
    }
}

@Suite("Alignment SVG renderer")
struct AlignmentSVGRendererTests {
    private func inspect(_ svg: String) throws -> AlignmentSVGInspector {
        let parser = XMLParser(data: Data(svg.utf8))
        let inspector = AlignmentSVGInspector()
        parser.delegate = inspector
        let parsed = parser.parse()
        #expect(parsed, "not well-formed: \(String(describing: parser.parserError))")
        return inspector
    }

    @Test func wellFormedStandaloneSVG() throws {
        let svg = AlignmentSVGRenderer().render(try AlignmentFixture.alignment())
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        #expect(svg.hasSuffix("</svg>\n"))
        let inspector = try inspect(svg)
        #expect(inspector.rootName == "svg")
        #expect(inspector.rootAttributes["version"] == "1.1")
        #expect(inspector.rootAttributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(inspector.texts.first == "Attention weights")
        for token in AlignmentFixture.source + AlignmentFixture.target {
            #expect(inspector.texts.contains(token))
        }
        #expect(svg.contains(">&lt;/s&gt;</text>"))
    }

    @Test func greyScaleFromWhiteToBlack() throws {
        let alignment = try AttentionAlignment(
            sourceTokens: ["Go", "</s>"], targetTokens: ["Va", "!"], weights: [[1, 0], [0.5, 0.5]])
        let fills = try inspect(AlignmentSVGRenderer().render(alignment)).rectFills
        // Background, then the four cells row by row, then the frame and the legend bar.
        #expect(Array(fills[1...4]) == ["#000000", "#ffffff", "#7f7f7f", "#7f7f7f"])  // 255 − 127.5 rounded away from zero
        #expect(fills.contains("url(#s2s-attention-scale)"))
    }

    @Test func everyTokenAndTheTitleAreEscaped() throws {
        let sources = ["Tom & Mary", "<b>", "\"vite\"", "l'été", "a\u{01}b", "</s>"]
        let targets = ["R&D", "x < y", "it's"]
        let alignment = try AttentionAlignment(
            sourceTokens: sources, targetTokens: targets,
            weights: Array(repeating: [0.2, 0.2, 0.2, 0.2, 0.1, 0.1], count: 3))
        let svg = AlignmentSVGRenderer(title: "Luong <dot> & \"general\"").render(alignment)
        for raw in ["Tom & Mary", "<b>", "\"vite\"", "x < y", "it's", "a\u{01}b"] {
            #expect(!svg.contains(raw))
        }
        #expect(svg.contains("Tom &amp; Mary"))
        #expect(svg.contains("&lt;b&gt;"))
        #expect(svg.contains("&quot;vite&quot;"))
        #expect(svg.contains("it&apos;s"))
        let inspector = try inspect(svg)
        #expect(inspector.texts.first == "Luong <dot> & \"general\"")
        for token in sources + targets where token != "a\u{01}b" {
            #expect(inspector.texts.contains(token))
        }
        #expect(inspector.texts.contains("a\u{FFFD}b"))  // XML 1.0 cannot carry U+0001 at all
    }

    @Test func cellsShrinkForLongSentences() throws {
        func cellWidth(tokens: Int) throws -> String? {
            let sources = (0..<tokens - 1).map { "w\($0)" } + ["</s>"]
            let row = [Float](repeating: 1 / Float(tokens), count: tokens)
            let alignment = try AttentionAlignment(
                sourceTokens: sources, targetTokens: Array(sources.dropLast()),
                weights: Array(repeating: row, count: tokens - 1))
            let svg = AlignmentSVGRenderer().render(alignment)
            _ = try inspect(svg)
            guard let range = svg.range(of: "<rect x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"[0-9.]+\"", options: .regularExpression)
            else { return nil }
            return svg[range].components(separatedBy: "width=\"").last.map { String($0.dropLast()) }
        }
        #expect(try cellWidth(tokens: 5) == "40")
        #expect(try cellWidth(tokens: 20) == "24")
        #expect(try cellWidth(tokens: 60) == "16")
    }

    @Test func severalSentencesStackInOneDocument() throws {
        let second = try AttentionAlignment(sourceTokens: ["Salut", "</s>"], targetTokens: ["Hi"], weights: [[0.75, 0.25]])
        let svg = AlignmentSVGRenderer(title: "Bahdanau").render([try AlignmentFixture.alignment(), second])
        let inspector = try inspect(svg)
        #expect(inspector.texts.contains("Bahdanau (1/2)"))
        #expect(inspector.texts.contains("Bahdanau (2/2)"))
        #expect(inspector.texts.contains("Salut"))
        #expect(svg.components(separatedBy: "<svg").count == 2)
    }
}
