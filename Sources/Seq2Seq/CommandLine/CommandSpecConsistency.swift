extension CommandSpec {
    /// Mistakes in the declaration itself (not in user input): duplicate names, defaults that
    /// their own option would reject, positional arguments that cannot be told apart.
    /// Empty for a well-formed spec; `CommandLineTool` refuses to run with any.
    public var declarationProblems: [String] {
        var problems: [String] = []
        var seenNames = Set<String>()
        for name in arguments.map(\.name) + options.map(\.name) {
            if !seenNames.insert(name).inserted { problems.append("name '\(name)' is declared twice") }
        }
        var seenSpellings: Set<String> = ["--help", "-h", "--version"]
        for option in options {
            var spellings = [option.longFlag]
            if let inverted = option.invertedFlag { spellings.append(inverted) }
            if let short = option.shortName { spellings.append("-\(short)") }
            for spelling in spellings where !seenSpellings.insert(spelling).inserted {
                problems.append("spelling '\(spelling)' is used twice")
            }
            problems += option.declarationProblems.map { "option '\(option.longFlag)': \($0)" }
        }
        for (index, argument) in arguments.enumerated() {
            let isLast = index == arguments.count - 1
            if argument.arity == .variadic && !isLast {
                problems.append("variadic argument '\(argument.placeholder)' is not last")
            }
            if argument.arity == .required && arguments[..<index].contains(where: { $0.arity != .required }) {
                problems.append("required argument '\(argument.placeholder)' follows an optional one")
            }
        }
        return problems
    }
}

extension OptionSpec {
    /// Mistakes in this option's declaration, e.g. a default outside its own range.
    var declarationProblems: [String] {
        var problems: [String] = []
        if name.isEmpty || name.hasPrefix("-") || name.contains("=") || name.contains(" ") {
            problems.append("name must be a bare word")
        }
        if let short = shortName, !short.isLetter {
            problems.append("short name '\(short)' must be a letter")
        }
        if isRepeatable {
            switch kind {
            case .string, .path, .choice: break
            default: problems.append("only text options can be repeatable")
            }
            if defaultValue != nil { problems.append("a repeatable option cannot have a default") }
        }
        if case .choice(let choices) = kind, choices.isEmpty { problems.append("no choices") }
        if kind == .flag(invertible: false) && defaultValue == .flag(true) {
            problems.append("a flag that is on by default must be invertible")
        }
        switch (kind, defaultValue) {
        case (_, nil), (.flag, .flag?):
            break
        case (.flag, _?), (_, .flag?):
            problems.append("default has the wrong type")
        case (_, let value?):
            do {
                if try validatedValue(value.description, spelling: longFlag) != value {
                    problems.append("default has the wrong type")
                }
            } catch {
                problems.append("default is rejected: \(error)")
            }
        }
        return problems
    }

    var isFlag: Bool { !kind.takesValue }
}
