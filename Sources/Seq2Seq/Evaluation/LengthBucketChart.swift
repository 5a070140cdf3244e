import Foundation

extension LengthBucketReport {
    /// A standalone SVG line chart of the report: x = source-length bucket (with sentence counts),
    /// y = BLEU, one line with markers per system and a legend. Opens in any browser.
    ///
    /// Systems differ in colour, marker shape and dash pattern, so that lines which coincide (two
    /// checkpoints scoring alike) or a grey-scale print still tell them apart.
    ///
    /// - Parameters:
    ///   - title: The bold line above the plot. `s2s eval` names the direction there, since it
    ///     writes one chart per direction.
    ///   - subtitle: An optional smaller grey line under the title (test set, decoding settings).
    public func svg(title: String = "BLEU by source length", subtitle: String? = nil) -> String {
        // The legend sits right of the plot; widen the canvas for long system names (≈ 7.5 px a character).
        let longestName = systemNames.map(\.count).max() ?? 0
        let left = 70.0, right = max(150, 56 + 7.5 * Double(longestName)), bottom = 80.0
        let top = subtitle == nil ? 56.0 : 72.0
        let plotWidth = 520.0, plotHeight = 324.0
        // A long title or subtitle widens the canvas rather than running off it (≈ 0.6 em a character).
        let titleWidth = max(0.62 * 16 * Double(title.count), 0.6 * 12 * Double(subtitle?.count ?? 0))
        let width = max(left + plotWidth + right, left + plotWidth / 2 + titleWidth / 2 + 16).rounded(.up)
        let height = top + plotHeight + bottom
        let (yMaximum, yStep) = Self.yAxisScale(maximumScore: rows.flatMap { $0.scores.map(\.score) }.max() ?? 0)
        let slot = plotWidth / Double(max(rows.count, 1))
        func x(_ bucket: Int) -> Double { left + (Double(bucket) + 0.5) * slot }
        func y(_ score: Double) -> Double { top + plotHeight * (1 - min(score, yMaximum) / yMaximum) }
        func number(_ value: Double) -> String { String(format: "%.1f", value) }

        var svg = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
        viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="13">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(number(left + plotWidth / 2))" y="28" text-anchor="middle" font-size="16" font-weight="bold">\
        \(Self.escaped(title))</text>

        """
        if let subtitle {
            svg += "<text x=\"\(number(left + plotWidth / 2))\" y=\"48\" text-anchor=\"middle\" font-size=\"12\" "
                + "fill=\"#555555\">\(Self.escaped(subtitle))</text>\n"
        }
        // Horizontal grid lines with their BLEU values.
        var tick = 0.0
        while tick <= yMaximum + 1e-9 {
            svg += "<line x1=\"\(number(left))\" y1=\"\(number(y(tick)))\" x2=\"\(number(left + plotWidth))\" "
                + "y2=\"\(number(y(tick)))\" stroke=\"#dddddd\"/>\n"
            svg += "<text x=\"\(number(left - 8))\" y=\"\(number(y(tick) + 4))\" text-anchor=\"end\">\(Int(tick))</text>\n"
            tick += yStep
        }
        // Axes and their titles.
        svg += "<line x1=\"\(number(left))\" y1=\"\(number(top))\" x2=\"\(number(left))\" y2=\"\(number(top + plotHeight))\" stroke=\"black\"/>\n"
        svg += "<line x1=\"\(number(left))\" y1=\"\(number(top + plotHeight))\" x2=\"\(number(left + plotWidth))\" "
            + "y2=\"\(number(top + plotHeight))\" stroke=\"black\"/>\n"
        for (bucket, row) in rows.enumerated() {
            svg += "<text x=\"\(number(x(bucket)))\" y=\"\(number(top + plotHeight + 20))\" text-anchor=\"middle\">"
                + "\(Self.escaped(row.label))</text>\n"
            svg += "<text x=\"\(number(x(bucket)))\" y=\"\(number(top + plotHeight + 36))\" text-anchor=\"middle\" "
                + "font-size=\"11\" fill=\"#666666\">n=\(row.sentenceCount)</text>\n"
        }
        if rows.isEmpty {
            svg += "<text x=\"\(number(left + plotWidth / 2))\" y=\"\(number(top + plotHeight / 2))\" text-anchor=\"middle\" "
                + "fill=\"#666666\">no sentences</text>\n"
        }
        svg += "<text x=\"\(number(left + plotWidth / 2))\" y=\"\(number(height - 16))\" text-anchor=\"middle\">"
            + "Source length (tokens)</text>\n"
        svg += "<text x=\"20\" y=\"\(number(top + plotHeight / 2))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 20 \(number(top + plotHeight / 2)))\">"
            + "BLEU (sacreBLEU 13a\(lowercase ? ", lowercased" : ""))</text>\n"

        // One line, markers and a legend entry per system.
        for (system, name) in systemNames.enumerated() {
            let colour = Self.palette[system % Self.palette.count]
            let shape = MarkerShape.allCases[system % MarkerShape.allCases.count]
            let dash = Self.dashPatterns[system % Self.dashPatterns.count].map { " stroke-dasharray=\"\($0)\"" } ?? ""
            let points = rows.enumerated().map { bucket, row in "\(number(x(bucket))),\(number(y(row.scores[system].score)))" }
            svg += "<g>\n"
            if points.count > 1 {
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash) "
                    + "points=\"\(points.joined(separator: " "))\"/>\n"
            }
            for (bucket, row) in rows.enumerated() {
                let score = row.scores[system].score
                let tooltip = Self.escaped("\(name), \(row.label) tokens: BLEU \(String(format: "%.2f", score))")
                svg += shape.element(x: x(bucket), y: y(score), colour: colour, content: "<title>\(tooltip)</title>") + "\n"
            }
            let legendY = top + 10 + Double(system) * 22
            let legendX = left + plotWidth + 20
            svg += "<line x1=\"\(number(legendX))\" y1=\"\(number(legendY))\" x2=\"\(number(legendX + 24))\" "
                + "y2=\"\(number(legendY))\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash)/>\n"
            svg += shape.element(x: legendX + 12, y: legendY, colour: colour) + "\n"
            svg += "<text x=\"\(number(legendX + 32))\" y=\"\(number(legendY + 4))\">\(Self.escaped(name))</text>\n"
            svg += "</g>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// Colour-blind-safe categorical colours (Okabe & Ito), cycled when there are more systems.
    private static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    /// Line dash patterns per system (`nil` = solid): the first system solid, the others dashed,
    /// so a line drawn exactly over another leaves the one below visible between its dashes.
    private static let dashPatterns: [String?] = [nil, "8 4", "2 3", "10 3 2 3"]

    /// Marker shapes per system, all about 8 px across, with a thin white outline so that a
    /// marker on top of another still shows the edge of the one below.
    enum MarkerShape: CaseIterable {
        case circle, square, triangle, diamond

        /// The SVG element of a marker centred on (x, y); `content` goes inside it (a tooltip).
        func element(x: Double, y: Double, colour: String, content: String = "") -> String {
            func number(_ value: Double) -> String { String(format: "%.1f", value) }
            let style = "fill=\"\(colour)\" stroke=\"white\" stroke-width=\"0.75\""
            let close = content.isEmpty ? "/>" : ">\(content)</\(name)>"
            switch self {
            case .circle:
                return "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"4.5\" \(style)" + close
            case .square:
                return "<rect x=\"\(number(x - 4))\" y=\"\(number(y - 4))\" width=\"8\" height=\"8\" \(style)" + close
            case .triangle:
                let points = [(x, y - 5), (x + 5, y + 4), (x - 5, y + 4)]
                return "<polygon points=\"\(points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " "))\" \(style)" + close
            case .diamond:
                let points = [(x, y - 5.5), (x + 5.5, y), (x, y + 5.5), (x - 5.5, y)]
                return "<polygon points=\"\(points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " "))\" \(style)" + close
            }
        }

        private var name: String {
            switch self {
            case .circle: "circle"
            case .square: "rect"
            case .triangle, .diamond: "polygon"
            }
        }
    }

    /// A round top for the y axis and a grid step giving at most 10 lines: 0–10 by 2, 0–40 by 5, 0–100 by 10 …
    static func yAxisScale(maximumScore: Double) -> (maximum: Double, step: Double) {
        for step in [2.0, 5.0, 10.0, 20.0] {
            let maximum = max(step, (maximumScore / step).rounded(.up) * step)
            if maximum / step <= 10 { return (maximum, step) }
        }
        return (100, 20)
    }

    /// Text safe inside XML character data and attribute values.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            // Control characters other than tab/newline, U+FFFE and U+FFFF are not allowed in XML 1.0.
            case _ where (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || scalar.value >= 0xFFFE && scalar.value <= 0xFFFF:
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
