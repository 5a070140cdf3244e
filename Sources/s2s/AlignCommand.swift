import Seq2Seq

/// `s2s align [TEXT]`: shows which source words the model attends to.
enum AlignCommand {
    static let spec = CommandSpec(
        name: "align",
        abstract: "Show the attention alignment between a sentence and its translation.",
        discussion: """
            Translates the sentence (or, with --reference, forces the given translation) and \
            prints for every output word the attention weights over the source words.
            """,
        arguments: [
            ArgumentSpec(
                "text", .optional, help: "The source sentence; read from standard input when absent."),
        ],
        options: [
            .string(
                "reference", help: "Translation to align with instead of the model's own output.",
                valueName: "text"),
            SharedOptions.checkpoint,
            SharedOptions.from,
            SharedOptions.to,
            .choice(
                "format", ["text", "pharaoh", "json", "svg"], default: "text",
                help: "Output: a text heat map, Pharaoh links (i-j), JSON with every weight, "
                    + "or an SVG heat map."),
            .path("output", short: "o", help: "File to write instead of standard output; required for svg."),
            .flag("numbers", help: "Print the weights as numbers in the text heat map."),
            .double(
                "threshold", range: .closed(0, 1),
                help: "Keep only links whose weight is at least this; by default each target word "
                    + "links to its strongest source word."),
            SharedOptions.beam(
                default: 1, help: "Beam width for the translation when no --reference is given."),
        ],
        validate: { arguments in
            if try arguments.choice("format") == "svg" && !arguments.isGiven("output") {
                throw CommandLineUsageError.invalidCombination("'--format svg' needs '--output <path>'")
            }
        })

    static func run(_ arguments: ParsedArguments) throws {
        throw CommandNotAvailable(command: spec.name)
    }
}
