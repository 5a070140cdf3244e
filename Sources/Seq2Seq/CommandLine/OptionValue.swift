/// A validated, typed value of an option or positional argument.
public enum OptionValue: Sendable, Equatable, CustomStringConvertible {
    /// The state of a flag.
    case flag(Bool)
    /// The value of an integer option.
    case integer(Int)
    /// The value of a floating-point option.
    case double(Double)
    /// Text from string, path and choice options and from positional arguments.
    case string(String)

    /// The value as a user would type it, as shown for defaults in help.
    public var description: String {
        switch self {
        case .flag(let value): return String(value)
        case .integer(let value): return String(value)
        case .double(let value): return String(value)
        case .string(let value): return value
        }
    }
}
