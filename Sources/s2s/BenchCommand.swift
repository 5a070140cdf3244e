import Seq2Seq

/// `s2s bench`: measures the speed of the kernels and of training.
enum BenchCommand {
    static let spec = CommandSpec(
        name: "bench",
        abstract: "Measure the speed of the numeric kernels and of training steps.",
        options: [
            .flag("json", help: "Print the results as JSON."),
            .integer(
                "steps", default: 20, range: .atLeast(1), help: "Timed training steps per model."),
            SharedOptions.threads,
            .flag("quick", help: "Use small models and few steps, for a fast check."),
            .path(
                "peer-results", help: "Results of another machine (from --json) to compare with.",
                valueName: "file"),
        ])

    static func run(_ arguments: ParsedArguments) throws {
        throw CommandNotAvailable(command: spec.name)
    }
}
