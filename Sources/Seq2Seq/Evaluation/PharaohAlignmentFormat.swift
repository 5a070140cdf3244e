/// Reading and writing word alignments in Pharaoh (Moses / fast_align) text form: one line per
/// sentence pair, whitespace-separated links `i-j` where i is the 0-based source (first-language)
/// token and j the 0-based target token. An empty line is a sentence pair without links.
///
/// Gold files may also mark possible links, in any of the notations in use:
/// `i?j`, `i-p-j` or `ipj`. `i-j` is a sure link.
public enum PharaohAlignmentFormat {
    /// Parses a gold alignment file (sure and possible links). `file` only names the file in errors.
    public static func parseGold(_ text: String, file: String) throws -> [GoldAlignment] {
        try lines(of: text).enumerated().map { index, line in try parseGoldLine(line, file: file, line: index + 1) }
    }

    /// Parses predicted (hard) alignments: only sure links `i-j` are allowed.
    public static func parseLinks(_ text: String, file: String) throws -> [Set<AlignmentLink>] {
        try lines(of: text).enumerated().map { index, line in try parseLinksLine(line, file: file, line: index + 1) }
    }

    /// One line of a gold file.
    public static func parseGoldLine<S: StringProtocol>(_ text: S, file: String, line: Int) throws -> GoldAlignment {
        var sure = Set<AlignmentLink>(), possible = Set<AlignmentLink>()
        for token in text.split(whereSeparator: \.isWhitespace) {
            let (link, isSure) = try parseLink(token, file: file, line: line, allowPossible: true)
            if isSure { sure.insert(link) } else { possible.insert(link) }
        }
        return GoldAlignment(sure: sure, possible: possible)
    }

    /// One line of predicted links.
    public static func parseLinksLine<S: StringProtocol>(_ text: S, file: String, line: Int) throws -> Set<AlignmentLink> {
        var links = Set<AlignmentLink>()
        for token in text.split(whereSeparator: \.isWhitespace) {
            links.insert(try parseLink(token, file: file, line: line, allowPossible: false).link)
        }
        return links
    }

    /// Links in Pharaoh form, sorted by source then target (`0-0 1-2 2-1`).
    public static func format<C: Collection>(_ links: C) -> String where C.Element == AlignmentLink {
        links.sorted().map(\.description).joined(separator: " ")
    }

    // MARK: - Parsing

    /// Splits on LF or CRLF (one `Character` in Swift), tolerating a missing or present final newline.
    private static func lines(of text: String) -> [Substring] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    private static func parseLink<S: StringProtocol>(_ token: S, file: String, line: Int,
                                                     allowPossible: Bool) throws -> (link: AlignmentLink, isSure: Bool) {
        let text = String(token)
        func malformed(_ reason: String) -> EvaluationError {
            .malformedAlignment(file: file, line: line, link: text, reason: reason)
        }
        let expected = allowPossible
            ? "expected i-j (sure), i?j, i-p-j or ipj (possible) with 0-based source and target indices"
            : "expected i-j with 0-based source and target indices"
        let bytes = Array(text.utf8)
        guard let firstNonDigit = bytes.firstIndex(where: { !isDigit($0) }) else { throw malformed(expected) }
        guard let lastNonDigit = bytes.lastIndex(where: { !isDigit($0) }) else { throw malformed(expected) }
        let separator = bytes[firstNonDigit...lastNonDigit]
        let isSure: Bool
        switch String(decoding: separator, as: UTF8.self) {
        case "-": isSure = true
        case "?", "-p-", "p": isSure = false
        default: throw malformed(expected)
        }
        if !isSure && !allowPossible { throw malformed("predicted alignments cannot mark possible links; \(expected)") }
        guard let source = index(bytes[..<firstNonDigit]), let target = index(bytes[(lastNonDigit + 1)...]) else {
            throw malformed(expected)
        }
        return (AlignmentLink(source: source, target: target), isSure)
    }

    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// A non-empty run of at most 9 ASCII digits (no sentence has a billion tokens; avoids overflow).
    private static func index(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
