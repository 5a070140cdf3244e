/// A command of a `CommandLineTool`: its declaration and the code that runs it.
public struct Command {
    /// What the command accepts; parsing and help come from here.
    public var spec: CommandSpec
    /// Runs the command with its parsed arguments. Throw `CommandExit` to choose the exit
    /// status, `CommandLineUsageError` for a usage mistake (status 64), anything else to fail
    /// with status 1; the error's description becomes the one-line message.
    public var run: (ParsedArguments) throws -> Void

    /// Pairs a specification with its implementation.
    public init(_ spec: CommandSpec, run: @escaping (ParsedArguments) throws -> Void) {
        self.spec = spec
        self.run = run
    }
}
