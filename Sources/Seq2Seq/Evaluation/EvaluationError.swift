/// Bad input to an evaluation metric, reported in one line (naming file and line where there is one).
public enum EvaluationError: Error, CustomStringConvertible, Equatable {
    /// Two inputs that must be parallel have different numbers of sentences.
    case countMismatch(what: String, expected: Int, actual: Int)
    /// A word-alignment link that is not in Pharaoh form.
    case malformedAlignment(file: String, line: Int, link: String, reason: String)
    /// A length-bucket specification that cannot be used.
    case invalidLengthBuckets(String)

    public var description: String {
        switch self {
        case let .countMismatch(what, expected, actual):
            return "\(what): expected \(expected) sentences, got \(actual)"
        case let .malformedAlignment(file, line, link, reason):
            return "\(file):\(line): malformed alignment link '\(link)': \(reason)"
        case let .invalidLengthBuckets(reason):
            return "invalid length buckets: \(reason)"
        }
    }
}
