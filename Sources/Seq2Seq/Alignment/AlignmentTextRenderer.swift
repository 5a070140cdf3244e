/// Renders an attention matrix for the terminal (`s2s align --format text`).
///
/// Rows are target tokens, labelled on the left; columns are source tokens. The source words
/// are written vertically, one character per line, bottom-aligned above their column: unlike
/// abbreviations with a numbered legend this keeps every word readable in place, and columns
/// stay two characters wide however long the French words are. Each row's largest weight is
/// bracketed, `[██]`, in the one-column gutter between cells, so the mark never hides a shade.
///
/// ```
///              f
///              a
///              t
///           s  i  <
///           u  g  /
///        J  i  u  s
///        e  s  é  >
///       ─────────────
///     I [██]
///    am    [▒▒]░░
/// tired     ░░ ░░[▒▒]
/// weight 0 ▕  ░░▒▒▓▓██▏ 1   [  ] row maximum
/// ```
///
/// Output is plain text without trailing spaces unless `color` is set, in which case cells are
/// drawn as ANSI 256-colour grey backgrounds (see ``AlignmentShadeRamp/ansiGrey(for:)``).
public struct AlignmentTextRenderer: Sendable {
    /// Print each weight to two decimals instead of a shade.
    public var showsNumbers: Bool
    /// Emit ANSI colour sequences; decide with ``TerminalCapabilities/shouldUseColor(environment:isTerminal:)``.
    public var usesColor: Bool

    /// Source words longer than this are cut (with "…") so the header stays on screen.
    public static let maximumHeaderHeight = 16
    /// Target labels wider than this are cut (with "…").
    public static let maximumLabelWidth = 24

    public init(numbers: Bool = false, color: Bool = false) {
        self.showsNumbers = numbers
        self.usesColor = color
    }

    /// The matrix, its header and a legend line, without a trailing newline.
    public func render(_ alignment: AttentionAlignment) -> String {
        let cellWidth = showsNumbers ? 4 : 2
        let labels = alignment.targetTokens.map {
            TerminalDisplayWidth.truncated(TerminalDisplayWidth.sanitized($0), toColumns: Self.maximumLabelWidth)
        }
        let labelWidth = labels.map(TerminalDisplayWidth.columns(of:)).max() ?? 0
        let margin = String(repeating: " ", count: labelWidth + 1)

        var lines = headerLines(for: alignment.sourceTokens, cellWidth: cellWidth).map { margin + " " + $0 }
        // A rule under the header so the eye finds the columns again below tall words.
        lines.append(margin + String(repeating: "─", count: alignment.sourceTokens.count * (cellWidth + 1) + 1))
        for (row, label) in labels.enumerated() {
            lines.append(TerminalDisplayWidth.padLeft(label, toColumns: labelWidth) + " "
                + matrixRow(alignment.weights[row], argmax: alignment.argmax(ofRow: row), cellWidth: cellWidth))
        }
        lines.append(legend())
        if !usesColor {
            lines = lines.map(Self.trimmingTrailingSpaces)
        }
        return lines.joined(separator: "\n")
    }

    /// Several alignments, separated by blank lines.
    public func render(_ alignments: [AttentionAlignment]) -> String {
        alignments.map(render).joined(separator: "\n\n")
    }

    /// The source words, one character per line, bottom-aligned and centred over their cells.
    /// Columns are `cellWidth` wide and separated by one gutter column.
    private func headerLines(for tokens: [String], cellWidth: Int) -> [String] {
        let words: [[Character]] = tokens.map { token in
            var characters = Array(TerminalDisplayWidth.sanitized(token))
            if characters.count > Self.maximumHeaderHeight {
                characters = Array(characters.prefix(Self.maximumHeaderHeight - 1)) + ["…"]
            }
            return characters
        }
        let height = words.map(\.count).max() ?? 0
        return (0..<height).map { line in
            var text = ""
            for word in words {
                let index = line - (height - word.count)
                let character: Character = index >= 0 ? word[index] : " "
                let width = min(cellWidth, TerminalDisplayWidth.columns(of: character))
                let leading = (cellWidth - width) / 2
                text += String(repeating: " ", count: leading) + String(character)
                    + String(repeating: " ", count: cellWidth - width - leading) + " "
            }
            return text
        }
    }

    /// One row of cells; the gutter columns around the row's maximum hold "[" and "]".
    private func matrixRow(_ weights: [Float], argmax: Int, cellWidth: Int) -> String {
        var text = ""
        for (column, weight) in weights.enumerated() {
            text += column == argmax ? "[" : (column == argmax + 1 ? "]" : " ")
            text += cell(weight, width: cellWidth, isMaximum: column == argmax)
        }
        text += argmax == weights.count - 1 ? "]" : " "
        return text
    }

    private func cell(_ weight: Float, width: Int, isMaximum: Bool) -> String {
        let content = showsNumbers ? Self.twoDecimals(weight) : AlignmentShadeRamp.cell(for: weight, width: width)
        guard usesColor else { return content }
        var style = "48;5;\(AlignmentShadeRamp.ansiGrey(for: weight))"
        if showsNumbers {
            style += AlignmentShadeRamp.needsDarkText(onWeight: weight) ? ";38;5;16" : ";38;5;252"
            if isMaximum { style += ";1" }
            return Self.ansi(style) + content + Self.ansi("0")
        }
        // With a background colour the glyphs would only add noise.
        return Self.ansi(style) + String(repeating: " ", count: width) + Self.ansi("0")
    }

    /// The shade ramp (or, for numbers without colour, just the mark), on one line.
    private func legend() -> String {
        let mark = showsNumbers ? "[0.00] row maximum" : "[  ] row maximum"
        if usesColor {
            let steps: [Float] = [0, 0.2, 0.4, 0.6, 0.8, 1]
            let bar = steps.map { Self.ansi("48;5;\(AlignmentShadeRamp.ansiGrey(for: $0))") + "  " }.joined()
            return "weight 0 " + bar + Self.ansi("0") + " 1   " + mark
        }
        if showsNumbers {
            return "weights to two decimals   " + mark
        }
        let bar = AlignmentShadeRamp.glyphs.map { String(repeating: $0, count: 2) }.joined()
        return "weight 0 ▕" + bar + "▏ 1   " + mark
    }

    /// `weight` as "0.42"; weights are at most 1 (+ rounding), so the result is 4 columns wide.
    static func twoDecimals(_ weight: Float) -> String {
        let hundredths = Int((weight * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    private static func ansi(_ parameters: String) -> String {
        "\u{1B}[" + parameters + "m"
    }

    private static func trimmingTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
