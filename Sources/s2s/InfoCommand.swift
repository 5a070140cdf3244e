import Seq2Seq

/// `s2s info CHECKPOINT`: describes a checkpoint.
enum InfoCommand {
    static let spec = CommandSpec(
        name: "info",
        abstract: "Describe a checkpoint: architecture, sizes, vocabularies and training history.",
        arguments: [
            ArgumentSpec("checkpoint", help: "A .safetensors file written by 's2s train'."),
        ])

    static func run(_ arguments: ParsedArguments) throws {
        throw CommandNotAvailable(command: spec.name)
    }
}
