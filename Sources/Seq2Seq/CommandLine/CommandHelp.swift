extension CommandSpec {
    /// The help screen in swift-argument-parser's layout: OVERVIEW (abstract and discussion),
    /// USAGE, ARGUMENTS and OPTIONS, wrapped to 80 columns. `commandPath` is how the command is
    /// invoked, e.g. `s2s train`.
    public func helpText(commandPath: String) -> String {
        var sections: [String] = []
        var overview = wrapHelpText("OVERVIEW: " + abstract, width: 80).joined(separator: "\n") + "\n"
        if !discussion.isEmpty {
            overview += "\n" + wrapHelpText(discussion, width: 80).joined(separator: "\n") + "\n"
        }
        sections.append(overview)
        sections.append("USAGE: " + usageLine(commandPath: commandPath) + "\n")
        if !arguments.isEmpty {
            sections.append(
                "ARGUMENTS:\n" + arguments.map { twoColumnEntry(label: $0.usage, text: $0.help) }.joined())
        }
        var optionEntries = options.map { twoColumnEntry(label: $0.helpLabel, text: $0.helpDescription) }
        optionEntries.append(twoColumnEntry(label: "--version", text: "Show the version."))
        optionEntries.append(twoColumnEntry(label: "-h, --help", text: "Show help information."))
        sections.append("OPTIONS:\n" + optionEntries.joined())
        return sections.joined(separator: "\n")
    }

    /// `s2s train [--model <model>] ... <corpus>`, or with the options collapsed to
    /// `[<options>]` when the full form would not fit on an 80-column line.
    public func usageLine(commandPath: String) -> String {
        let positionals = arguments.map(\.usage)
        let full = ([commandPath] + options.map(\.usageItem) + positionals).joined(separator: " ")
        if "USAGE: ".count + full.count <= 80 { return full }
        return ([commandPath] + (options.isEmpty ? [] : ["[<options>]"]) + positionals)
            .joined(separator: " ")
    }
}

extension OptionSpec {
    /// How the option appears in a usage line: `[--hidden <hidden>]`, `[--bidirectional]`,
    /// `[--input-feeding|--no-input-feeding]`, `[--checkpoint <path> ...]`.
    var usageItem: String {
        if let inverted = invertedFlag { return "[\(longFlag)|\(inverted)]" }
        if isFlag { return "[\(longFlag)]" }
        return "[\(longFlag) <\(valueName)>" + (isRepeatable ? " ..." : "") + "]"
    }

    /// The left column of the OPTIONS section, e.g. `-o, --output <path>`.
    var helpLabel: String {
        var label = shortName.map { "-\($0), " } ?? ""
        if let inverted = invertedFlag {
            label += "\(longFlag)/\(inverted)"
        } else {
            label += longFlag
        }
        if !isFlag { label += " <\(valueName)>" + (isRepeatable ? " ..." : "") }
        return label
    }

    /// The help text followed by the accepted values and the default, as in
    /// `(values: lstm, bahdanau, luong; default: luong)` or `(range: 1...4096; default: 256)`.
    var helpDescription: String {
        var details: [String] = []
        switch kind {
        case .choice(let choices):
            details.append("values: " + choices.joined(separator: ", "))
        case .integer(let range) where range != .unbounded, .double(let range) where range != .unbounded:
            details.append("range: \(range)")
        default:
            break
        }
        if let shownDefault {
            details.append("default: " + shownDefault)
        }
        return details.isEmpty ? help : help + " (" + details.joined(separator: "; ") + ")"
    }

    /// The default as help shows it; plain flags, which are simply off, show none.
    private var shownDefault: String? {
        if let defaultDescription { return defaultDescription }
        switch (kind, defaultValue) {
        case (.flag(invertible: true), .flag(let isOn)?):
            return isOn ? longFlag : invertedFlag
        case (.flag, _), (_, nil):
            return nil
        case (_, let value?):
            return value.description
        }
    }
}
