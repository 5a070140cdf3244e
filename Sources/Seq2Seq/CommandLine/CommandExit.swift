/// Thrown by a command to end with a chosen exit status, e.g. 130 after an interrupt.
/// `CommandLineTool` prints `message` (when there is one) as `<tool> <command>: <message>`
/// on standard error and returns `status`.
public struct CommandExit: Error, Equatable, CustomStringConvertible {
    /// The process exit status.
    public var status: Int32
    /// The one-line explanation, or `nil` to end silently.
    public var message: String?

    /// Creates an exit request.
    public init(status: Int32, message: String? = nil) {
        self.status = status
        self.message = message
    }

    /// Stopped by SIGINT (Ctrl-C): status 130, the shell convention of 128 + signal number.
    public static let interrupted = CommandExit(status: 130, message: "interrupted")

    public var description: String { message ?? "exit status \(status)" }
}
