/// What an option accepts on the command line, with the constraints its value must meet.
public enum OptionKind: Sendable, Equatable {
    /// A Boolean switch that takes no value. With `invertible`, a `--no-<name>` spelling
    /// turns it off, so that options that default to on can be disabled.
    case flag(invertible: Bool)
    /// A whole number within `range`.
    case integer(range: OptionRange)
    /// A floating-point number within `range`.
    case double(range: OptionRange)
    /// Free text.
    case string
    /// A file or directory path (free text, named differently in help).
    case path
    /// One of a fixed list of words, such as the name of a model architecture.
    case choice([String])

    /// Whether the option consumes a value (everything but flags).
    public var takesValue: Bool {
        if case .flag = self { return false }
        return true
    }
}
