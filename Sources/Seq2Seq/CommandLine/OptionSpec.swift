/// The declaration of one named option of a command: its spelling, what it accepts, its default
/// and its help text. Build these with the static factories (`.flag`, `.integer`, `.double`,
/// `.string`, `.path`, `.choice`).
public struct OptionSpec: Sendable, Equatable {
    /// The long name without dashes: `hidden` is spelled `--hidden`.
    public var name: String
    /// An optional single-letter alias: `o` is spelled `-o`.
    public var shortName: Character?
    /// What the option accepts.
    public var kind: OptionKind
    /// One or two sentences for the help screen.
    public var help: String
    /// The value used when the option is not given, or `nil` when it has none.
    public var defaultValue: OptionValue?
    /// Replaces the default shown in help when the real default is computed or described better
    /// in words, e.g. "number of cores" or "checkpoints/<model>.safetensors".
    public var defaultDescription: String?
    /// Whether the option may be given several times, collecting every value.
    public var isRepeatable: Bool
    /// The placeholder shown in help, as in `--output <path>`.
    public var valueName: String

    /// Creates an option from its parts; prefer the static factories.
    public init(
        name: String, shortName: Character? = nil, kind: OptionKind, help: String,
        defaultValue: OptionValue? = nil, defaultDescription: String? = nil,
        isRepeatable: Bool = false, valueName: String? = nil
    ) {
        self.name = name
        self.shortName = shortName
        self.kind = kind
        self.help = help
        self.defaultValue = defaultValue
        self.defaultDescription = defaultDescription
        self.isRepeatable = isRepeatable
        self.valueName = valueName ?? name
    }

    /// The spelling on the command line, e.g. `--hidden`.
    public var longFlag: String { "--" + name }

    /// The spelling that turns an invertible flag off, e.g. `--no-input-feeding`.
    public var invertedFlag: String? {
        if case .flag(invertible: true) = kind { return "--no-" + name }
        return nil
    }

    /// A switch, off unless given. With `invertible`, `--no-<name>` is accepted too and
    /// `default` says which state applies when neither spelling is given.
    public static func flag(
        _ name: String, short: Character? = nil, invertible: Bool = false, default isOn: Bool = false,
        help: String
    ) -> OptionSpec {
        OptionSpec(
            name: name, shortName: short, kind: .flag(invertible: invertible), help: help,
            defaultValue: .flag(isOn))
    }

    /// A whole number restricted to `range`.
    public static func integer(
        _ name: String, short: Character? = nil, default value: Int? = nil,
        range: OptionRange = .unbounded, help: String, defaultDescription: String? = nil,
        valueName: String? = nil
    ) -> OptionSpec {
        OptionSpec(
            name: name, shortName: short, kind: .integer(range: range), help: help,
            defaultValue: value.map(OptionValue.integer), defaultDescription: defaultDescription,
            valueName: valueName)
    }

    /// A floating-point number restricted to `range`.
    public static func double(
        _ name: String, short: Character? = nil, default value: Double? = nil,
        range: OptionRange = .unbounded, help: String, defaultDescription: String? = nil,
        valueName: String? = nil
    ) -> OptionSpec {
        OptionSpec(
            name: name, shortName: short, kind: .double(range: range), help: help,
            defaultValue: value.map(OptionValue.double), defaultDescription: defaultDescription,
            valueName: valueName)
    }

    /// Free text; `repeatable` collects every occurrence.
    public static func string(
        _ name: String, short: Character? = nil, default value: String? = nil,
        repeatable: Bool = false, help: String, defaultDescription: String? = nil,
        valueName: String? = nil
    ) -> OptionSpec {
        OptionSpec(
            name: name, shortName: short, kind: .string, help: help,
            defaultValue: value.map(OptionValue.string), defaultDescription: defaultDescription,
            isRepeatable: repeatable, valueName: valueName)
    }

    /// A file or directory path; `repeatable` collects every occurrence.
    public static func path(
        _ name: String, short: Character? = nil, default value: String? = nil,
        repeatable: Bool = false, help: String, defaultDescription: String? = nil,
        valueName: String? = nil
    ) -> OptionSpec {
        OptionSpec(
            name: name, shortName: short, kind: .path, help: help,
            defaultValue: value.map(OptionValue.string), defaultDescription: defaultDescription,
            isRepeatable: repeatable, valueName: valueName ?? "path")
    }

    /// One word out of `choices`.
    public static func choice(
        _ name: String, short: Character? = nil, _ choices: [String], default value: String? = nil,
        help: String, defaultDescription: String? = nil, valueName: String? = nil
    ) -> OptionSpec {
        OptionSpec(
            name: name, shortName: short, kind: .choice(choices), help: help,
            defaultValue: value.map(OptionValue.string), defaultDescription: defaultDescription,
            valueName: valueName)
    }

    /// One case of a string-backed enum, offering every case in declaration order.
    public static func choice<Choice: RawRepresentable & CaseIterable>(
        _ name: String, short: Character? = nil, of type: Choice.Type, default value: Choice? = nil,
        help: String, defaultDescription: String? = nil, valueName: String? = nil
    ) -> OptionSpec where Choice.RawValue == String {
        choice(
            name, short: short, type.allCases.map(\.rawValue), default: value?.rawValue, help: help,
            defaultDescription: defaultDescription, valueName: valueName)
    }
}
