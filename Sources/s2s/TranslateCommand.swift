import Seq2Seq

/// `s2s translate [TEXT...]`: translates sentences with a trained model.
enum TranslateCommand {
    static let spec = CommandSpec(
        name: "translate",
        abstract: "Translate sentences with a trained model.",
        discussion: """
            Each argument is translated as one sentence. Without arguments, standard input \
            is read and every line is translated.
            """,
        arguments: [
            ArgumentSpec("text", .variadic, help: "Sentences to translate."),
        ],
        options: [
            SharedOptions.checkpoint,
            SharedOptions.from,
            SharedOptions.to,
            SharedOptions.beam(default: 5, help: "Beam width; 1 decodes greedily."),
            .choice(
                "length-penalty", ["gnmt", "average", "none"], default: "gnmt",
                help: "How beam scores are normalised for length: the GNMT penalty "
                    + "((5 + length) / 6)^alpha, the mean log-probability per word, or not at all.",
                valueName: "penalty"),
            .double(
                "alpha", default: 0.6, range: .closed(0, 5),
                help: "Strength of the GNMT length penalty."),
            .double(
                "max-length-ratio", default: 2.0, range: .greaterThan(0),
                help: "Stop a translation at this many times the length of its source.",
                valueName: "ratio"),
            .integer(
                "n-best", default: 1, range: .closed(1, 100),
                help: "Print the best N translations of the beam, with their scores.", valueName: "n"),
            .flag(
                "replace-unk", invertible: true, default: true,
                help: "Replace each <unk> in the output by the source word it attends to most."),
            .flag("show-attention", help: "Print the attention weights after each translation."),
            SharedOptions.threads,
        ])

    static func run(_ arguments: ParsedArguments) throws {
        throw CommandNotAvailable(command: spec.name)
    }
}
