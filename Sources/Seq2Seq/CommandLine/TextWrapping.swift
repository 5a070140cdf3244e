/// Breaks `text` into lines of at most `width` characters at spaces. Explicit line breaks are
/// kept, and lines that start with a space (examples, tables) are left exactly as written.
/// A single word longer than `width` gets a line of its own rather than being cut.
func wrapHelpText(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if paragraph.hasPrefix(" ") || paragraph.isEmpty {
            lines.append(String(paragraph))
            continue
        }
        var line = ""
        for word in unbreakableRuns(paragraph) {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        lines.append(line)
    }
    return lines
}

/// The words of `line`, with a word ending in ":" or a bare comparison sign kept together with
/// the word after it, so that "default: 1" or ">= 0" never break across lines.
private func unbreakableRuns(_ line: Substring) -> [String] {
    var runs: [String] = []
    var pending: String?
    for word in line.split(separator: " ") {
        let run = pending.map { $0 + " " + word } ?? String(word)
        if word.hasSuffix(":") || ["<", "<=", ">", ">="].contains(word) {
            pending = run
        } else {
            runs.append(run)
            pending = nil
        }
    }
    if let pending { runs.append(pending) }
    return runs
}

/// Help's two-column layout: a label indented by two spaces and text starting at column 26,
/// wrapped to 80 columns; a label too long for its column pushes the text to the next line.
func twoColumnEntry(label: String, text: String) -> String {
    let indent = 2, textColumn = 26, totalWidth = 80
    let padding = String(repeating: " ", count: textColumn)
    let textLines = wrapHelpText(text, width: totalWidth - textColumn)
    var result = String(repeating: " ", count: indent) + label
    var remaining = textLines[...]
    if indent + label.count <= textColumn - 2, let first = remaining.popFirst() {
        result += String(repeating: " ", count: textColumn - indent - label.count) + first
    }
    for line in remaining { result += "\n" + (line.isEmpty ? "" : padding + line) }
    return result + "\n"
}
