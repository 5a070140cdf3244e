import Foundation

/// Renders attention matrices as a standalone SVG 1.1 heatmap (`s2s align --format svg`),
/// in the layout of Bahdanau et al. (2015), figure 3: source words along the top (rotated −60°),
/// target words down the left, one grey cell per weight, a grey-scale legend bar with ticks at
/// 0, 0.5 and 1 captioned "weight", and a title line.
///
/// The grey scale runs from white for weight 0 to black for weight 1, the reverse of the paper
/// (0 black, 1 white): it matches the text heat map's ramp (` ░▒▓█`, full block = 1), and a
/// mostly-zero matrix then prints as a few dark marks on white instead of a black square. Cells shrink as sentences get longer
/// (40 px down to 16 px) so that typical sentences fit on a screen. Each cell carries a
/// `<title>` tooltip with its two words and exact weight.
///
/// Several alignments are stacked vertically in one document.
public struct AlignmentSVGRenderer: Sendable {
    /// Title above each heatmap; several heatmaps get "(k/n)" appended.
    public var title: String

    public init(title: String = "Attention weights") {
        self.title = title
    }

    /// A complete SVG document for one alignment, ending with a newline.
    public func render(_ alignment: AttentionAlignment) -> String {
        render([alignment])
    }

    /// A complete SVG document with one heatmap per alignment, stacked top to bottom.
    public func render(_ alignments: [AttentionAlignment]) -> String {
        var panels: [Panel] = []
        for (index, alignment) in alignments.enumerated() {
            let panelTitle = alignments.count > 1 ? "\(title) (\(index + 1)/\(alignments.count))" : title
            panels.append(Panel(alignment: alignment, title: panelTitle))
        }
        let width = panels.map(\.width).max() ?? 2 * Panel.padding
        let height = max(panels.reduce(0) { $0 + $1.height }, 2 * Panel.padding)

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" \
            width="\(Self.number(width))" height="\(Self.number(height))" \
            viewBox="0 0 \(Self.number(width)) \(Self.number(height))" \
            font-family="DejaVu Sans, Verdana, Helvetica, Arial, sans-serif">
            <defs>
            <linearGradient id="\(Panel.gradientID)" x1="0" y1="1" x2="0" y2="0">\
            <stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#000000"/></linearGradient>
            </defs>
            <rect width="100%" height="100%" fill="#ffffff"/>

            """
        var top = 0.0
        for panel in panels {
            svg += "<g transform=\"translate(0,\(Self.number(top)))\">\n" + panel.body + "</g>\n"
            top += panel.height
        }
        return svg + "</svg>\n"
    }

    /// `text` safe inside XML character data and attribute values: `& < > " '` escaped, and
    /// characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) replaced by U+FFFD.
    public static func xmlEscaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A coordinate with at most one decimal ("12", "12.5"), never in exponent notation.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// The layout and drawing of one heatmap, in a coordinate system starting at (0, 0).
    private struct Panel {
        static let padding = 16.0
        static let gradientID = "s2s-attention-scale"
        /// Rough advance of one character of a sans-serif font, in ems; only used to reserve room.
        static let characterWidth = 0.62
        static let labelAngle = 60.0

        let width: Double
        let height: Double
        let body: String

        init(alignment: AttentionAlignment, title: String) {
            let sources = alignment.sourceTokens
            let targets = alignment.targetTokens
            let largest = Double(max(sources.count, targets.count, 1))
            let cell = min(40, max(16, (480 / largest).rounded(.down)))
            let fontSize = min(14, max(10, (cell * 0.42).rounded()))
            let titleSize = 16.0
            let angle = Self.labelAngle * Double.pi / 180
            func textWidth(_ text: String, size: Double) -> Double {
                Double(TerminalDisplayWidth.columns(of: text)) * size * Self.characterWidth
            }

            let sourceWidths = sources.map { textWidth($0, size: fontSize) }
            let longestSource = sourceWidths.max() ?? 0
            let longestTarget = targets.map { textWidth($0, size: fontSize) }.max() ?? 0
            let titleBaseline = Self.padding + titleSize
            let matrixLeft = Self.padding + longestTarget + 8
            let matrixTop = titleBaseline + 12 + longestSource * sin(angle) + fontSize
            let matrixWidth = Double(sources.count) * cell
            let matrixHeight = Double(targets.count) * cell
            let legendLeft = matrixLeft + matrixWidth + 24
            let legendWidth = 12.0
            let legendHeight = max(matrixHeight, 96)

            var labelsRight = 0.0
            for (column, labelWidth) in sourceWidths.enumerated() {
                let centre = matrixLeft + (Double(column) + 0.5) * cell
                labelsRight = max(labelsRight, centre + labelWidth * cos(angle) + fontSize)
            }
            // The caption runs up the right of the tick labels, centred on the bar.
            let captionX = legendLeft + legendWidth + 6 + textWidth("0.5", size: fontSize) + 6 + fontSize * 0.8
            width = max(labelsRight, captionX + fontSize * 0.3,
                        Self.padding + textWidth(title, size: titleSize)) + Self.padding
            height = matrixTop + max(matrixHeight, legendHeight) + Self.padding

            let n = AlignmentSVGRenderer.number
            let escape = AlignmentSVGRenderer.xmlEscaped
            var body = "<text x=\"\(n(Self.padding))\" y=\"\(n(titleBaseline))\" font-size=\"\(n(titleSize))\" "
                + "font-weight=\"bold\">\(escape(title))</text>\n"

            body += "<g font-size=\"\(n(fontSize))\" fill=\"#000000\">\n"
            for (column, token) in sources.enumerated() {
                let x = matrixLeft + (Double(column) + 0.5) * cell
                // Rotated about the column centre just above the matrix; dy centres the glyphs on that line.
                body += "<text transform=\"translate(\(n(x)),\(n(matrixTop - 6))) rotate(-\(n(Self.labelAngle)))\" "
                    + "dy=\"0.35em\">\(escape(token))</text>\n"
            }
            for (row, token) in targets.enumerated() {
                let y = matrixTop + (Double(row) + 0.5) * cell
                body += "<text x=\"\(n(matrixLeft - 6))\" y=\"\(n(y))\" dy=\"0.35em\" "
                    + "text-anchor=\"end\">\(escape(token))</text>\n"
            }
            body += "</g>\n"

            body += "<g shape-rendering=\"crispEdges\">\n"
            for (row, rowWeights) in alignment.weights.enumerated() {
                for (column, weight) in rowWeights.enumerated() {
                    let tooltip = "\(sources[column]) → \(targets[row]): \(AlignmentJSONRenderer.fourDecimals(weight))"
                    body += "<rect x=\"\(n(matrixLeft + Double(column) * cell))\" "
                        + "y=\"\(n(matrixTop + Double(row) * cell))\" width=\"\(n(cell))\" height=\"\(n(cell))\" "
                        + "fill=\"\(Self.grey(weight))\"><title>\(escape(tooltip))</title></rect>\n"
                }
            }
            body += "<rect x=\"\(n(matrixLeft))\" y=\"\(n(matrixTop))\" width=\"\(n(matrixWidth))\" "
                + "height=\"\(n(matrixHeight))\" fill=\"none\" stroke=\"#808080\" stroke-width=\"1\"/>\n"
            body += "</g>\n"

            body += "<g font-size=\"\(n(fontSize))\" fill=\"#000000\">\n"
            body += "<rect x=\"\(n(legendLeft))\" y=\"\(n(matrixTop))\" width=\"\(n(legendWidth))\" "
                + "height=\"\(n(legendHeight))\" fill=\"url(#\(Self.gradientID))\" stroke=\"#808080\" stroke-width=\"1\"/>\n"
            for (value, label) in [(0.0, "0"), (0.5, "0.5"), (1.0, "1")] {
                let y = matrixTop + (1 - value) * legendHeight
                body += "<line x1=\"\(n(legendLeft + legendWidth))\" y1=\"\(n(y))\" "
                    + "x2=\"\(n(legendLeft + legendWidth + 4))\" y2=\"\(n(y))\" stroke=\"#000000\"/>"
                    + "<text x=\"\(n(legendLeft + legendWidth + 6))\" y=\"\(n(y))\" dy=\"0.35em\">\(label)</text>\n"
            }
            let captionY = matrixTop + legendHeight / 2
            body += "<text transform=\"translate(\(n(captionX)),\(n(captionY))) rotate(-90)\" text-anchor=\"middle\" "
                + "fill=\"#404040\">weight</text>\n"
            body += "</g>\n"
            self.body = body
        }

        /// White at weight 0 to black at weight 1, as a hex colour.
        static func grey(_ weight: Float) -> String {
            let level = 255 - Int((Double(min(1, max(0, weight))) * 255).rounded())
            let hex = String(level, radix: 16)
            let component = hex.count == 1 ? "0" + hex : hex
            return "#" + component + component + component
        }
    }
}
