/// The declaration of one command: what it is called, what it does, and which positional
/// arguments and options it accepts. Parsing, help and error messages are all derived from it.
public struct CommandSpec: Sendable {
    /// The word that selects the command, e.g. `train`.
    public var name: String
    /// One line saying what the command does, shown in OVERVIEW and in the root command list.
    public var abstract: String
    /// Further paragraphs for the help screen; lines starting with spaces are kept as written.
    public var discussion: String
    /// Positional arguments in order.
    public var arguments: [ArgumentSpec]
    /// Named options in the order help lists them.
    public var options: [OptionSpec]
    /// Checks between values that single options cannot express (for example "`--format svg`
    /// needs `--output`"). Throw `CommandLineUsageError.invalidCombination` to report them.
    public var validate: (@Sendable (ParsedArguments) throws -> Void)?

    /// Creates a command specification.
    public init(
        name: String, abstract: String, discussion: String = "", arguments: [ArgumentSpec] = [],
        options: [OptionSpec] = [], validate: (@Sendable (ParsedArguments) throws -> Void)? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.validate = validate
    }

    /// The option whose long name is `name`, if declared.
    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }

    /// The positional argument called `name`, if declared.
    public func argument(named name: String) -> ArgumentSpec? {
        arguments.first { $0.name == name }
    }
}
