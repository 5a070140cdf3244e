import Foundation

extension LengthBucketReport {
    /// A standalone SVG line chart of the report: x = source-length bucket (with sentence counts),
    /// y = BLEU, one coloured line with markers per system and a legend. Opens in any browser.
    public func svg() -> String {
        // The legend sits right of the plot; widen the canvas for long system names (≈ 7.5 px a character).
        let longestName = systemNames.map(\.count).max() ?? 0
        let left = 70.0, right = max(150, 56 + 7.5 * Double(longestName)), top = 56.0, bottom = 80.0
        let plotWidth = 520.0, plotHeight = 324.0
        let width = (left + plotWidth + right).rounded(.up), height = top + plotHeight + bottom
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
        BLEU by source length</text>

        """
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
            let points = rows.enumerated().map { bucket, row in "\(number(x(bucket))),\(number(y(row.scores[system].score)))" }
            svg += "<g>\n"
            if points.count > 1 {
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
            }
            for (bucket, row) in rows.enumerated() {
                let score = row.scores[system].score
                svg += "<circle cx=\"\(number(x(bucket)))\" cy=\"\(number(y(score)))\" r=\"4\" fill=\"\(colour)\">"
                    + "<title>\(Self.escaped("\(name), \(row.label) tokens: BLEU \(String(format: "%.2f", score))"))</title></circle>\n"
            }
            let legendY = top + 10 + Double(system) * 22
            let legendX = left + plotWidth + 20
            svg += "<line x1=\"\(number(legendX))\" y1=\"\(number(legendY))\" x2=\"\(number(legendX + 24))\" "
                + "y2=\"\(number(legendY))\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            svg += "<circle cx=\"\(number(legendX + 12))\" cy=\"\(number(legendY))\" r=\"4\" fill=\"\(colour)\"/>\n"
            svg += "<text x=\"\(number(legendX + 32))\" y=\"\(number(legendY + 4))\">\(Self.escaped(name))</text>\n"
            svg += "</g>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// Colour-blind-safe categorical colours (Okabe & Ito), cycled when there are more systems.
    private static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

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
