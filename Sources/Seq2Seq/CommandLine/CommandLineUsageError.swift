/// A mistake in how a command was invoked. `CommandLineTool` prints it as one line naming the
/// command, with a pointer to the command's help, and exits with status 64 (`EX_USAGE`).
/// Commands may throw it too, e.g. for a combination of values that only they can judge.
public enum CommandLineUsageError: Error, Equatable, CustomStringConvertible {
    /// An option that the command does not declare, with the closest known spelling if any.
    case unknownOption(String, suggestion: String?)
    /// A command word that the tool does not know, with the closest known command if any.
    case unknownCommand(String, suggestion: String?)
    /// An option that needs a value came last or was followed by another option.
    case missingValue(option: String)
    /// A value that is not of the option's type or not within its constraints;
    /// `reason` says what was expected, e.g. "must be in 1...4096".
    case invalidValue(String, option: String, reason: String)
    /// A flag was written with `=value`.
    case unexpectedValue(option: String)
    /// A required positional argument was not given.
    case missingArgument(String)
    /// A command needs an option that has no default and was not given.
    case missingOption(String)
    /// A positional value beyond the ones the command declares.
    case unexpectedArgument(String)
    /// A non-repeatable option was given more than once.
    case repeatedOption(String)
    /// Values that are individually valid but do not make sense together.
    case invalidCombination(String)

    /// The problem, without the command name or the pointer to help.
    public var description: String {
        switch self {
        case .unknownOption(let option, let suggestion):
            return "unknown option '\(option)'" + Self.hint(suggestion)
        case .unknownCommand(let command, let suggestion):
            return "unknown command '\(command)'" + Self.hint(suggestion)
        case .missingValue(let option):
            return "missing value for option '\(option)'"
        case .invalidValue(let value, let option, let reason):
            return "invalid value '\(value)' for option '\(option)': \(reason)"
        case .unexpectedValue(let option):
            return "option '\(option)' does not take a value"
        case .missingArgument(let argument):
            return "missing required argument '\(argument)'"
        case .missingOption(let option):
            return "missing required option '\(option)'"
        case .unexpectedArgument(let argument):
            return "unexpected argument '\(argument)'"
        case .repeatedOption(let option):
            return "option '\(option)' given more than once"
        case .invalidCombination(let message):
            return message
        }
    }

    private static func hint(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }
}
