import Foundation

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Whether standard input / output are terminals (live progress bars, colour, samples).
let standardOutputIsTerminal = isatty(STDOUT_FILENO) != 0
let standardInputIsTerminal = isatty(STDIN_FILENO) != 0

/// All lines of standard input (without line terminators; a final newline adds no line).
func readStandardInput() -> [String] {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    var text = String(decoding: data, as: UTF8.self)
    if text.last == "\n" || text.last == "\r\n" { text.removeLast() }
    if text.isEmpty { return [] }
    // "\r\n" is one Character in Swift, so both separators are matched explicitly.
    return text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
}
