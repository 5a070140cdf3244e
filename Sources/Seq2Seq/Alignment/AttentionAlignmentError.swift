/// Why an ``AttentionAlignment`` could not be created.
public enum AttentionAlignmentError: Error, CustomStringConvertible, Equatable, Sendable {
    /// There are no source tokens, so no row can be a distribution over them.
    case emptySource
    /// The matrix does not have one row per target token.
    case rowCountMismatch(targetTokens: Int, rows: Int)
    /// A row does not have one weight per source token.
    case columnCountMismatch(row: Int, targetToken: String, sourceTokens: Int, columns: Int)
    /// A weight is negative, infinite or NaN.
    case invalidWeight(row: Int, column: Int, targetToken: String, value: Float)
    /// A row is not a probability distribution.
    case rowSumNotOne(row: Int, targetToken: String, sum: Double)

    public var description: String {
        switch self {
        case .emptySource:
            return "attention alignment: the source sentence has no tokens"
        case let .rowCountMismatch(targetTokens, rows):
            return "attention alignment: \(targetTokens) target tokens but \(rows) weight rows"
        case let .columnCountMismatch(row, token, sourceTokens, columns):
            return "attention alignment: row \(row) (target token \"\(token)\") has \(columns) weights "
                + "but there are \(sourceTokens) source tokens"
        case let .invalidWeight(row, column, token, value):
            return "attention alignment: row \(row) (target token \"\(token)\"), column \(column) "
                + "has weight \(value); weights must be finite and non-negative"
        case let .rowSumNotOne(row, token, sum):
            return "attention alignment: row \(row) (target token \"\(token)\") sums to \(sum), not 1 "
                + "(tolerance \(AttentionAlignment.rowSumTolerance))"
        }
    }
}
