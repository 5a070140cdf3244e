/// The set of numbers a numeric option accepts: an optional lower and an optional upper bound,
/// each either inclusive or exclusive, so that half-open intervals such as a dropout in `[0, 1)`
/// or a learning rate in `(0, 1]` can be stated exactly.
public struct OptionRange: Sendable, Equatable, CustomStringConvertible {
    /// One end of the range.
    public struct Bound: Sendable, Equatable {
        /// The bounding number.
        public var value: Double
        /// Whether `value` itself belongs to the range.
        public var isInclusive: Bool

        /// Creates a bound at `value`, inclusive unless told otherwise.
        public init(_ value: Double, inclusive: Bool = true) {
            self.value = value
            self.isInclusive = inclusive
        }
    }

    /// The smallest accepted value, or `nil` for no lower limit.
    public var lower: Bound?
    /// The largest accepted value, or `nil` for no upper limit.
    public var upper: Bound?

    /// Creates a range from explicit bounds.
    public init(lower: Bound?, upper: Bound?) {
        self.lower = lower
        self.upper = upper
    }

    /// Every number: no bound at all.
    public static let unbounded = OptionRange(lower: nil, upper: nil)

    /// `[lower, upper]`, both ends included.
    public static func closed(_ lower: Double, _ upper: Double) -> OptionRange {
        OptionRange(lower: Bound(lower), upper: Bound(upper))
    }

    /// `[lower, upper)`: the upper end excluded, as for probabilities that must stay below one.
    public static func halfOpen(_ lower: Double, _ upper: Double) -> OptionRange {
        OptionRange(lower: Bound(lower), upper: Bound(upper, inclusive: false))
    }

    /// `(lower, upper]`: the lower end excluded, as for a step size that must be positive.
    public static func openClosed(_ lower: Double, _ upper: Double) -> OptionRange {
        OptionRange(lower: Bound(lower, inclusive: false), upper: Bound(upper))
    }

    /// `value` and everything above it.
    public static func atLeast(_ value: Double) -> OptionRange {
        OptionRange(lower: Bound(value), upper: nil)
    }

    /// Everything strictly above `value`.
    public static func greaterThan(_ value: Double) -> OptionRange {
        OptionRange(lower: Bound(value, inclusive: false), upper: nil)
    }

    /// Whether `value` lies within the range.
    public func contains(_ value: Double) -> Bool {
        if let lower {
            if lower.isInclusive ? value < lower.value : value <= lower.value { return false }
        }
        if let upper {
            if upper.isInclusive ? value > upper.value : value >= upper.value { return false }
        }
        return !value.isNaN
    }

    /// Closed ranges read as `1...4096`, others in interval notation (`[0, 1)`, `(0, 1]`),
    /// one-sided ones as `>= 1` or `> 0`.
    public var description: String {
        switch (lower, upper) {
        case (nil, nil):
            return "any number"
        case let (lower?, nil):
            return (lower.isInclusive ? ">= " : "> ") + formatOptionNumber(lower.value)
        case let (nil, upper?):
            return (upper.isInclusive ? "<= " : "< ") + formatOptionNumber(upper.value)
        case let (lower?, upper?):
            if lower.isInclusive && upper.isInclusive {
                return formatOptionNumber(lower.value) + "..." + formatOptionNumber(upper.value)
            }
            return (lower.isInclusive ? "[" : "(") + formatOptionNumber(lower.value) + ", "
                + formatOptionNumber(upper.value) + (upper.isInclusive ? "]" : ")")
        }
    }
}

/// Formats a number the way a user would type it: whole numbers without a fractional part.
func formatOptionNumber(_ value: Double) -> String {
    if value.rounded() == value && abs(value) < 1e15 {
        return String(Int(value))
    }
    return String(value)
}

extension OptionRange {
    /// The constraint as the end of a sentence: "must be in 1...4096" or "must be > 0".
    var requirement: String {
        lower != nil && upper != nil ? "must be in \(description)" : "must be \(description)"
    }
}
