import Foundation

/// A multi-command program in the style of swift-argument-parser: `tool <command> [options]`,
/// with `--help`/`-h` on every command, `tool help <command>`, `tool --version`, one-line usage
/// errors with exit status 64, and one-line runtime errors with status 1.
///
/// Nothing here touches the process: `run(arguments:)` returns the exit status and writes
/// through the injected `standardOutput`/`standardError` closures, so tests can drive it
/// directly.
public struct CommandLineTool {
    /// Exit status for a successful run, including help and version requests.
    public static let successStatus: Int32 = 0
    /// Exit status for a command that failed at run time.
    public static let failureStatus: Int32 = 1
    /// Exit status for a malformed command line (`EX_USAGE` from sysexits.h).
    public static let usageStatus: Int32 = 64
    /// Exit status for mistakes in the command declarations themselves (`EX_SOFTWARE`).
    public static let internalErrorStatus: Int32 = 70

    /// The program name used in usage lines and messages, e.g. `s2s`.
    public var name: String
    /// Printed by `--version`.
    public var version: String
    /// One line saying what the program does.
    public var abstract: String
    /// Further paragraphs for the root help screen.
    public var discussion: String
    /// The commands, in the order the root help lists them.
    public var commands: [Command]
    /// Receives text for standard output (help, version); each piece ends with a newline.
    public var standardOutput: (String) -> Void
    /// Receives error lines; each piece ends with a newline.
    public var standardError: (String) -> Void

    /// Creates a tool. By default output goes to the process's standard output and error.
    public init(
        name: String, version: String, abstract: String, discussion: String = "",
        commands: [Command],
        standardOutput: @escaping (String) -> Void = { print($0, terminator: "") },
        standardError: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.name = name
        self.version = version
        self.abstract = abstract
        self.discussion = discussion
        self.commands = commands
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// Dispatches `arguments` (the words after the program name) and returns the exit status.
    public func run(arguments: [String]) -> Int32 {
        let problems = commands.flatMap { command in
            command.spec.declarationProblems.map { "command '\(command.spec.name)': \($0)" }
        }
        if let problem = problems.first {
            standardError("\(name): internal error: \(problem)\n")
            return Self.internalErrorStatus
        }
        guard let first = arguments.first else {
            standardOutput(helpText)
            return Self.successStatus
        }
        switch first {
        case "-h", "--help":
            standardOutput(helpText)
            return Self.successStatus
        case "--version":
            standardOutput(version + "\n")
            return Self.successStatus
        case "help":
            return showHelp(for: Array(arguments.dropFirst()))
        default:
            break
        }
        if looksLikeOption(first) {
            let suggestion = first.hasPrefix("--")
                ? closestSpelling(to: first, among: ["--help", "--version"]) : nil
            return reportUsage(.unknownOption(first, suggestion: suggestion), commandPath: name)
        }
        guard let command = command(named: first) else {
            return reportUsage(unknownCommand(first), commandPath: name)
        }
        return run(command, words: Array(arguments.dropFirst()))
    }

    /// The root help screen: overview, usage, the built-in options and the command list.
    public var helpText: String {
        var text = wrapHelpText("OVERVIEW: " + abstract, width: 80).joined(separator: "\n") + "\n\n"
        if !discussion.isEmpty {
            text += wrapHelpText(discussion, width: 80).joined(separator: "\n") + "\n\n"
        }
        text += "USAGE: \(name) <subcommand>\n\n"
        text += "OPTIONS:\n"
        text += twoColumnEntry(label: "--version", text: "Show the version.")
        text += twoColumnEntry(label: "-h, --help", text: "Show help information.")
        text += "\nSUBCOMMANDS:\n"
        for command in commands {
            text += twoColumnEntry(label: command.spec.name, text: command.spec.abstract)
        }
        text += twoColumnEntry(label: "help", text: "Show subcommand help information.")
        text += "\n  See '\(name) help <subcommand>' for detailed help.\n"
        return text
    }

    /// The help screen of the command called `commandName`, or `nil` if there is none.
    public func helpText(for commandName: String) -> String? {
        command(named: commandName).map { $0.spec.helpText(commandPath: "\(name) \($0.spec.name)") }
    }

    // MARK: - Dispatch

    private func command(named commandName: String) -> Command? {
        commands.first { $0.spec.name == commandName }
    }

    private func unknownCommand(_ word: String) -> CommandLineUsageError {
        let names = commands.map(\.spec.name) + ["help"]
        return .unknownCommand(word, suggestion: closestSpelling(to: word, among: names))
    }

    /// `tool help`, `tool help <command>`.
    private func showHelp(for words: [String]) -> Int32 {
        guard let commandName = words.first else {
            standardOutput(helpText)
            return Self.successStatus
        }
        if words.count > 1 {
            return reportUsage(.unexpectedArgument(words[1]), commandPath: "\(name) help", helpCommand: name)
        }
        if commandName == "help" {
            standardOutput(helpText)
            return Self.successStatus
        }
        guard let text = helpText(for: commandName) else {
            return reportUsage(unknownCommand(commandName), commandPath: name)
        }
        standardOutput(text)
        return Self.successStatus
    }

    private func run(_ command: Command, words: [String]) -> Int32 {
        let commandPath = "\(name) \(command.spec.name)"
        // Help and version win over any other problem on the line, as long as they come
        // before `--` (after it they are ordinary positional words).
        let optionWords = words.prefix { $0 != "--" }
        if optionWords.contains("-h") || optionWords.contains("--help") {
            standardOutput(command.spec.helpText(commandPath: commandPath))
            return Self.successStatus
        }
        if optionWords.contains("--version") {
            standardOutput(version + "\n")
            return Self.successStatus
        }
        do {
            let parsed = try command.spec.parse(words)
            try command.run(parsed)
            return Self.successStatus
        } catch let usage as CommandLineUsageError {
            return reportUsage(usage, commandPath: commandPath)
        } catch let exit as CommandExit {
            if let message = exit.message { standardError("\(commandPath): \(message)\n") }
            return exit.status
        } catch {
            standardError("\(commandPath): \(oneLineDescription(of: error))\n")
            return Self.failureStatus
        }
    }

    /// Prints `<commandPath>: <problem>; see '<helpCommand> --help'` and returns 64.
    private func reportUsage(
        _ error: CommandLineUsageError, commandPath: String, helpCommand: String? = nil
    ) -> Int32 {
        let helpCommand = helpCommand ?? commandPath
        standardError("\(commandPath): \(error.description); see '\(helpCommand) --help'\n")
        return Self.usageStatus
    }
}

/// An error as a single line: its own description when it has one, Foundation's message (with
/// the file path) for Foundation errors, which otherwise print as a dump of their user info.
func oneLineDescription(of error: Error) -> String {
    var text: String
    if let localized = error as? LocalizedError, let description = localized.errorDescription {
        text = description
    } else if error is CocoaError || type(of: error) is NSError.Type {
        let nsError = error as NSError
        text = nsError.localizedDescription
        let genericPrefix = "The operation could not be completed. "
        if text.hasPrefix(genericPrefix) { text.removeFirst(genericPrefix.count) }
        if let path = nsError.userInfo[NSFilePathErrorKey] as? String { text += " (\(path))" }
    } else {
        text = String(describing: error)
    }
    return text.split(whereSeparator: \.isNewline).joined(separator: " ")
}
