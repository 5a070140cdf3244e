import Foundation

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Whether standard input / output are terminals (live progress bars, colour, samples).
let standardOutputIsTerminal = isatty(STDOUT_FILENO) != 0
let standardInputIsTerminal = isatty(STDIN_FILENO) != 0
