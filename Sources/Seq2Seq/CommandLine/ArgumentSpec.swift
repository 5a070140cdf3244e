/// The declaration of one positional argument of a command.
public struct ArgumentSpec: Sendable, Equatable {
    /// How many values a positional argument takes.
    public enum Arity: Sendable, Equatable {
        /// Exactly one value, which must be given.
        case required
        /// Zero or one value.
        case optional
        /// Any number of values, including none; only the last argument may be variadic.
        case variadic
    }

    /// The name used by accessors and shown in help as `<name>`.
    public var name: String
    /// How many values the argument takes.
    public var arity: Arity
    /// One or two sentences for the help screen.
    public var help: String

    /// Creates a positional argument.
    public init(_ name: String, _ arity: Arity = .required, help: String) {
        self.name = name
        self.arity = arity
        self.help = help
    }

    /// The placeholder shown in usage and errors, e.g. `<corpus>`.
    public var placeholder: String { "<\(name)>" }

    /// How the argument appears in a usage line: `<corpus>`, `[<text>]` or `[<text> ...]`.
    public var usage: String {
        switch arity {
        case .required: return placeholder
        case .optional: return "[\(placeholder)]"
        case .variadic: return "[\(placeholder) ...]"
        }
    }
}
