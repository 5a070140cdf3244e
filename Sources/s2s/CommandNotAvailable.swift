/// Thrown by commands whose implementation is not wired to the library yet.
struct CommandNotAvailable: Error, CustomStringConvertible {
    let command: String

    var description: String { "`s2s \(command)` is not available yet" }
}
