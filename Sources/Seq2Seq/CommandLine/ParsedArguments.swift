/// The validated result of parsing one command's words, with typed accessors that fall back to
/// the declared defaults.
///
/// Accessors take the declared name (`"hidden"` for `--hidden`, `"corpus"` for `<corpus>`).
/// The throwing ones (`int`, `double`, `string`, `choice`) return the given or default value
/// and throw `CommandLineUsageError.missingOption`/`.missingArgument` when there is neither, so a
/// command can insist on an option without a default and still exit with a usage error.
/// The `optional…` ones return `nil` instead. Asking for a name the command does not declare,
/// or with the wrong type, is a programming error and stops the program.
public struct ParsedArguments: Sendable {
    /// The command these values belong to.
    public let spec: CommandSpec
    /// Option values as given on the command line, in order, keyed by option name.
    private let givenOptions: [String: [OptionValue]]
    /// Positional words keyed by argument name.
    private let positionalValues: [String: [String]]

    init(spec: CommandSpec, givenOptions: [String: [OptionValue]], positionals: [String: [String]]) {
        self.spec = spec
        self.givenOptions = givenOptions
        self.positionalValues = positionals
    }

    /// Whether the option or positional argument `name` was given explicitly (not defaulted).
    public func isGiven(_ name: String) -> Bool {
        if spec.argument(named: name) != nil { return !(positionalValues[name] ?? []).isEmpty }
        _ = declaredOption(name)
        return givenOptions[name] != nil
    }

    /// All positional words in declaration order.
    public var positionals: [String] {
        spec.arguments.flatMap { positionalValues[$0.name] ?? [] }
    }

    /// The state of a flag: as given (`--x` on, `--no-x` off), otherwise its default.
    public func flag(_ name: String) -> Bool {
        let option = declaredOption(name)
        guard case .flag = option.kind else { wrongType(name, "a flag") }
        if case .flag(let isOn)? = givenOptions[name]?.last ?? option.defaultValue { return isOn }
        return false
    }

    /// The integer option `name`, given or default.
    public func int(_ name: String) throws -> Int {
        guard let value = optionalInt(name) else { throw missing(name) }
        return value
    }

    /// The integer option `name`, given or default, or `nil` if it has neither.
    public func optionalInt(_ name: String) -> Int? {
        guard case .integer = declaredOption(name).kind else { wrongType(name, "an integer option") }
        guard case .integer(let value)? = optionValue(name) else { return nil }
        return value
    }

    /// The floating-point option `name`, given or default.
    public func double(_ name: String) throws -> Double {
        guard let value = optionalDouble(name) else { throw missing(name) }
        return value
    }

    /// The floating-point option `name`, given or default, or `nil` if it has neither.
    public func optionalDouble(_ name: String) -> Double? {
        guard case .double = declaredOption(name).kind else { wrongType(name, "a number option") }
        guard case .double(let value)? = optionValue(name) else { return nil }
        return value
    }

    /// The text of a string, path or choice option, or of a positional argument (its first
    /// word for a variadic one), given or default.
    public func string(_ name: String) throws -> String {
        guard let value = optionalString(name) else { throw missing(name) }
        return value
    }

    /// Like `string(_:)`, but `nil` when there is no value and no default.
    public func optionalString(_ name: String) -> String? {
        if spec.argument(named: name) != nil { return positionalValues[name]?.first }
        let option = declaredOption(name)
        guard option.kind.takesValue, !isNumeric(option.kind) else { wrongType(name, "a text option") }
        guard case .string(let value)? = optionValue(name) else { return nil }
        return value
    }

    /// The word chosen for a choice option, given or default.
    public func choice(_ name: String) throws -> String {
        guard case .choice = declaredOption(name).kind else { wrongType(name, "a choice option") }
        return try string(name)
    }

    /// The choice option `name` as a case of a string-backed enum.
    /// - Throws: `CommandLineUsageError.invalidValue` when the word names no case of `type`
    ///   (the declared choices and the enum disagree), `.missingOption` when there is no value.
    public func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, as type: Choice.Type)
        throws -> Choice where Choice.RawValue == String
    {
        guard let value = try optionalChoice(name, as: type) else { throw missing(name) }
        return value
    }

    /// Like `choice(_:as:)`, but `nil` when there is no value and no default.
    public func optionalChoice<Choice: RawRepresentable & CaseIterable>(
        _ name: String, as type: Choice.Type
    ) throws -> Choice? where Choice.RawValue == String {
        guard case .choice = declaredOption(name).kind else { wrongType(name, "a choice option") }
        guard let word = optionalString(name) else { return nil }
        guard let value = Choice(rawValue: word) else {
            let cases = type.allCases.map(\.rawValue).joined(separator: ", ")
            throw CommandLineUsageError.invalidValue(
                word, option: "--" + name, reason: "must be one of " + cases)
        }
        return value
    }

    /// Every value of a repeatable option or every word of a positional argument, in order.
    /// For other text options: the single given or default value, or none.
    public func strings(_ name: String) -> [String] {
        if spec.argument(named: name) != nil { return positionalValues[name] ?? [] }
        let option = declaredOption(name)
        guard option.kind.takesValue, !isNumeric(option.kind) else { wrongType(name, "a text option") }
        let values = givenOptions[name] ?? option.defaultValue.map { [$0] } ?? []
        return values.compactMap { value in
            if case .string(let text) = value { return text }
            return nil
        }
    }

    // MARK: - Lookup

    private func optionValue(_ name: String) -> OptionValue? {
        givenOptions[name]?.last ?? declaredOption(name).defaultValue
    }

    private func declaredOption(_ name: String) -> OptionSpec {
        guard let option = spec.option(named: name) else {
            preconditionFailure("command '\(spec.name)' declares no option or argument '\(name)'")
        }
        return option
    }

    private func missing(_ name: String) -> CommandLineUsageError {
        if let argument = spec.argument(named: name) { return .missingArgument(argument.placeholder) }
        return .missingOption("--" + name)
    }

    private func wrongType(_ name: String, _ expected: String) -> Never {
        preconditionFailure("'\(name)' of command '\(spec.name)' is not \(expected)")
    }
}

private func isNumeric(_ kind: OptionKind) -> Bool {
    switch kind {
    case .integer, .double: return true
    default: return false
    }
}

extension ParsedArguments: Equatable {
    /// Equal when they belong to the same command and hold the same given values; defaults are
    /// the same by construction, so `--x=1` and `--x 1` parse to equal results.
    public static func == (lhs: ParsedArguments, rhs: ParsedArguments) -> Bool {
        lhs.spec.name == rhs.spec.name && lhs.givenOptions == rhs.givenOptions
            && lhs.positionalValues == rhs.positionalValues
    }
}
