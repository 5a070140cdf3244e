/// sacreBLEU's default BLEU tokenizer `13a`, the tokenisation of the WMT scoring script
/// `mteval-v13a.pl`, reproduced rule by rule on code points.
///
/// In order, on the (optionally lowercased) line:
/// 1. trailing whitespace is stripped (sacreBLEU's `rstrip()` before tokenising);
/// 2. `<skipped>` is deleted, `-` + newline is deleted, newlines become spaces;
/// 3. if the line contains `&`: `&quot;` → `"`, then `&amp;` → `&`, `&lt;` → `<`, `&gt;` → `>`
///    (one pass each, in that order, so `&amp;lt;` ends up as `<`);
/// 4. the line is padded with a space on both sides and four regular-expression rules apply:
///    - every ASCII symbol in `{|}~ [\]^_\` space!"#$%& ()*+ :;<=>?@ /` gets spaces around it
///      (not `'`, `,`, `-`, `.`);
///    - `.` and `,` are split off unless preceded by a digit (`X.` → `X . `),
///    - then unless followed by a digit (`.X` → ` . X`),
///    - `-` is split off after a digit (`9-` → `9 - `);
/// 5. the result is split on Python whitespace (which includes U+00A0 and U+202F).
///
/// Each rule is a left-to-right scan with non-overlapping two-character matches, exactly how
/// Python's `re.sub` walks the line, so `a.,b` and `1.5.` tokenise as sacreBLEU does.
public enum Tokenizer13a {
    /// The tokens of `line` as sacreBLEU's `Tokenizer13a` produces them.
    public static func tokenize(_ line: String, lowercase: Bool = false) -> [String] {
        var tokens: [String] = []
        let tokenized = tokenizedScalars(PythonStringSemantics.scalars(of: line), lowercase: lowercase)
        forEachToken(in: tokenized) { token in tokens.append(PythonStringSemantics.string(from: token)) }
        return tokens
    }

    /// The tokenised line as code points, tokens separated by one or more whitespace code points.
    static func tokenizedScalars(_ input: [UInt32], lowercase: Bool) -> [UInt32] {
        var line = lowercase ? PythonStringSemantics.lowercased(input) : input
        line = PythonStringSemantics.droppingTrailingWhitespace(line)
        line = replacing(skippedMarker, with: [], in: line)
        line = replacing([hyphen, newline], with: [], in: line)
        line = replacing([newline], with: [space], in: line)
        if line.contains(ampersand) {
            for (entity, replacement) in entities {
                line = replacing(entity, with: [replacement], in: line)
            }
        }
        return splittingDigitHyphens(splittingPeriodsAndCommasBeforeNonDigits(
            splittingPeriodsAndCommasAfterNonDigits(separatingSymbols(line))))
    }

    /// Calls `body` with each whitespace-separated token of `scalars` (Python's `str.split()`).
    @inline(__always)
    static func forEachToken(in scalars: [UInt32], _ body: (ArraySlice<UInt32>) -> Void) {
        var start = -1
        for index in scalars.indices {
            if PythonStringSemantics.isWhitespace(scalars[index]) {
                if start >= 0 { body(scalars[start..<index]); start = -1 }
            } else if start < 0 {
                start = index
            }
        }
        if start >= 0 { body(scalars[start...]) }
    }

    // MARK: - Rules

    private static let space: UInt32 = 0x20
    private static let newline: UInt32 = 0x0A
    private static let hyphen: UInt32 = 0x2D
    private static let ampersand: UInt32 = 0x26
    private static let skippedMarker = PythonStringSemantics.scalars(of: "<skipped>")
    private static let entities: [([UInt32], UInt32)] = [
        (PythonStringSemantics.scalars(of: "&quot;"), 0x22),
        (PythonStringSemantics.scalars(of: "&amp;"), 0x26),
        (PythonStringSemantics.scalars(of: "&lt;"), 0x3C),
        (PythonStringSemantics.scalars(of: "&gt;"), 0x3E),
    ]

    @inline(__always) private static func isDigit(_ value: UInt32) -> Bool { value >= 0x30 && value <= 0x39 }
    @inline(__always) private static func isPeriodOrComma(_ value: UInt32) -> Bool { value == 0x2E || value == 0x2C }

    /// The regex class `[\{-\~\[-\` -\&\(-\+\:-\@\/]`.
    @inline(__always)
    private static func isSeparatedSymbol(_ value: UInt32) -> Bool {
        switch value {
        case 0x20...0x26, 0x28...0x2B, 0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default: return false
        }
    }

    /// Python's `str.replace(old, new)`: one left-to-right pass, non-overlapping.
    private static func replacing(_ pattern: [UInt32], with replacement: [UInt32], in line: [UInt32]) -> [UInt32] {
        guard let first = pattern.first, line.contains(first) else { return line }
        var result: [UInt32] = []
        result.reserveCapacity(line.count)
        var index = 0
        while index < line.count {
            if line[index] == first, index + pattern.count <= line.count,
               line[index..<(index + pattern.count)].elementsEqual(pattern) {
                result.append(contentsOf: replacement)
                index += pattern.count
            } else {
                result.append(line[index])
                index += 1
            }
        }
        return result
    }

    /// `' ' + line + ' '`, then `([\{-\~\[-\` -\&\(-\+\:-\@\/])` → ` \1 `.
    private static func separatingSymbols(_ line: [UInt32]) -> [UInt32] {
        var result: [UInt32] = [space]
        result.reserveCapacity(line.count * 2 + 2)
        for value in line {
            if isSeparatedSymbol(value) {
                result.append(space); result.append(value); result.append(space)
            } else {
                result.append(value)
            }
        }
        result.append(space)
        return result
    }

    /// `([^0-9])([\.,])` → `\1 \2 `.
    private static func splittingPeriodsAndCommasAfterNonDigits(_ line: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(line.count + line.count / 2)
        var index = 0
        while index < line.count {
            let value = line[index]
            if !isDigit(value), index + 1 < line.count, isPeriodOrComma(line[index + 1]) {
                result.append(value); result.append(space); result.append(line[index + 1]); result.append(space)
                index += 2
            } else {
                result.append(value)
                index += 1
            }
        }
        return result
    }

    /// `([\.,])([^0-9])` → ` \1 \2`.
    private static func splittingPeriodsAndCommasBeforeNonDigits(_ line: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(line.count + line.count / 2)
        var index = 0
        while index < line.count {
            let value = line[index]
            if isPeriodOrComma(value), index + 1 < line.count, !isDigit(line[index + 1]) {
                result.append(space); result.append(value); result.append(space); result.append(line[index + 1])
                index += 2
            } else {
                result.append(value)
                index += 1
            }
        }
        return result
    }

    /// `([0-9])(-)` → `\1 \2 `.
    private static func splittingDigitHyphens(_ line: [UInt32]) -> [UInt32] {
        guard line.contains(hyphen) else { return line }
        var result: [UInt32] = []
        result.reserveCapacity(line.count + 8)
        var index = 0
        while index < line.count {
            let value = line[index]
            if isDigit(value), index + 1 < line.count, line[index + 1] == hyphen {
                result.append(value); result.append(space); result.append(hyphen); result.append(space)
                index += 2
            } else {
                result.append(value)
                index += 1
            }
        }
        return result
    }
}
