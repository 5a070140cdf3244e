import Foundation

/// Decides what the terminal on standard output can show.
public enum TerminalCapabilities {
    /// Whether output should contain ANSI colour sequences.
    ///
    /// Follows https://no-color.org: a `NO_COLOR` variable that is present *and not empty*
    /// disables colour whatever its value (`NO_COLOR=` with an empty value does not).
    /// Colour is also off when the output is not a terminal (a pipe or file) and for
    /// `TERM=dumb`, which cannot interpret escape sequences.
    ///
    /// - Parameters:
    ///   - environment: the process environment, e.g. `ProcessInfo.processInfo.environment`.
    ///   - isTerminal: whether the output stream is a terminal, e.g. ``standardOutputIsTerminal``.
    public static func shouldUseColor(environment: [String: String], isTerminal: Bool) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isTerminal
    }

    /// Whether standard output is connected to a terminal (`isatty(1)`).
    public static var standardOutputIsTerminal: Bool {
        isatty(STDOUT_FILENO) != 0
    }

    /// ``shouldUseColor(environment:isTerminal:)`` for this process's standard output.
    public static func shouldUseColorOnStandardOutput() -> Bool {
        shouldUseColor(environment: ProcessInfo.processInfo.environment, isTerminal: standardOutputIsTerminal)
    }
}
