/// Renders alignments as JSON (`s2s align --format json`).
///
/// Each sentence is one object on one line, keys always in this order:
/// `{"source": [...], "target": [...], "weights": [[...]], "alignment": [[s, t], ...]}`,
/// weights with four decimals, `alignment` the 0-based `[source, target]` pairs of
/// ``AttentionAlignment/hardAlignment(threshold:)``. Several sentences make JSON Lines.
public struct AlignmentJSONRenderer: Sendable {
    /// `nil` for each target token's argmax, otherwise the weight a link needs.
    public var threshold: Float?

    public init(threshold: Float? = nil) {
        self.threshold = threshold
    }

    /// One JSON object on one line, without a trailing newline.
    public func render(_ alignment: AttentionAlignment) -> String {
        let source = alignment.sourceTokens.map(Self.quoted).joined(separator: ", ")
        let target = alignment.targetTokens.map(Self.quoted).joined(separator: ", ")
        let weights = alignment.weights
            .map { "[" + $0.map(Self.fourDecimals).joined(separator: ", ") + "]" }
            .joined(separator: ", ")
        let links = alignment.hardAlignment(threshold: threshold)
            .map { "[\($0.source), \($0.target)]" }
            .joined(separator: ", ")
        return "{\"source\": [\(source)], \"target\": [\(target)], \"weights\": [\(weights)], \"alignment\": [\(links)]}"
    }

    /// JSON Lines: one object per sentence, without a trailing newline.
    public func render(_ alignments: [AttentionAlignment]) -> String {
        alignments.map(render).joined(separator: "\n")
    }

    /// `text` as a JSON string literal (RFC 8259): quotes, backslashes and control characters
    /// escaped, everything else passed through as UTF-8.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// `weight` rounded to four decimals, e.g. "0.0420"; never exponent notation, never "-0".
    static func fourDecimals(_ weight: Float) -> String {
        let units = max(0, Int((Double(weight) * 10_000).rounded()))
        let fraction = String(units % 10_000)
        return "\(units / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }
}
