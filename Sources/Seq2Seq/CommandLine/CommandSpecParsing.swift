extension CommandSpec {
    /// Parses the words that follow the command name into typed values, then runs `validate`.
    ///
    /// Options are accepted as `--name value`, `--name=value` and `-n value`, anywhere among
    /// the positional arguments; `--` ends the options, so later words are positional even if
    /// they start with a dash. A word starting with a dash is taken as an option unless it is a
    /// number, so `--lr -1` passes `-1` as the value (and reports it out of range) while
    /// `--output --hidden` reports the missing value of `--output`. Text values that start with
    /// a dash can always be written as `--name=-value`.
    ///
    /// Help and version requests are not handled here but by `CommandLineTool`.
    /// - Throws: `CommandLineUsageError` for every problem with the input.
    public func parse(_ words: [String]) throws -> ParsedArguments {
        var given: [String: [OptionValue]] = [:]
        var positionalWords: [String] = []
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            index += 1
            if optionsEnded || !looksLikeOption(word) {
                positionalWords.append(word)
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
            }
            let (spelling, inlineValue) = splitInlineValue(word)
            guard let (option, isInverted) = resolve(spelling) else {
                throw CommandLineUsageError.unknownOption(spelling, suggestion: suggestion(for: spelling))
            }
            if given[option.name] != nil && !option.isRepeatable {
                throw CommandLineUsageError.repeatedOption(option.longFlag)
            }
            let value: OptionValue
            if option.isFlag {
                if inlineValue != nil { throw CommandLineUsageError.unexpectedValue(option: spelling) }
                value = .flag(!isInverted)
            } else {
                let text: String
                if let inlineValue {
                    text = inlineValue
                } else if index < words.count && !looksLikeOption(words[index]) {
                    text = words[index]
                    index += 1
                } else {
                    throw CommandLineUsageError.missingValue(option: spelling)
                }
                value = try option.validatedValue(text, spelling: spelling)
            }
            given[option.name, default: []].append(value)
        }
        let parsed = ParsedArguments(
            spec: self, givenOptions: given, positionals: try assignPositionals(positionalWords))
        try validate?(parsed)
        return parsed
    }

    /// The option a spelling refers to, and whether it is the `--no-` form of a flag.
    private func resolve(_ spelling: String) -> (OptionSpec, isInverted: Bool)? {
        for option in options {
            if spelling == option.longFlag { return (option, false) }
            if spelling == option.invertedFlag { return (option, true) }
            if let short = option.shortName, spelling == "-\(short)" { return (option, false) }
        }
        return nil
    }

    private func suggestion(for spelling: String) -> String? {
        guard spelling.hasPrefix("--") else { return nil }
        var candidates = ["--help", "--version"]
        for option in options {
            candidates.append(option.longFlag)
            if let inverted = option.invertedFlag { candidates.append(inverted) }
        }
        return closestSpelling(to: spelling, among: candidates)
    }

    /// Hands positional words to the declared arguments in order.
    private func assignPositionals(_ words: [String]) throws -> [String: [String]] {
        var remaining = words[...]
        var assigned: [String: [String]] = [:]
        for argument in arguments {
            switch argument.arity {
            case .required:
                guard let word = remaining.popFirst() else {
                    throw CommandLineUsageError.missingArgument(argument.placeholder)
                }
                assigned[argument.name] = [word]
            case .optional:
                if let word = remaining.popFirst() { assigned[argument.name] = [word] }
            case .variadic:
                assigned[argument.name] = Array(remaining)
                remaining = []
            }
        }
        if let extra = remaining.first { throw CommandLineUsageError.unexpectedArgument(extra) }
        return assigned
    }
}

/// Whether a command-line word is an option (or `--`) rather than a value: it starts with a
/// dash, is not a lone `-` (conventionally standard input), and is not a negative number.
func looksLikeOption(_ word: String) -> Bool {
    word.hasPrefix("-") && word != "-" && Double(word) == nil
}

/// Splits `--name=value` into `--name` and `value`; other words have no inline value.
private func splitInlineValue(_ word: String) -> (String, String?) {
    guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
    return (String(word[..<equals]), String(word[word.index(after: equals)...]))
}
