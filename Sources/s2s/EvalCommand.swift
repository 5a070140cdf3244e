import Seq2Seq

/// `s2s eval TEST`: scores checkpoints on a test set.
enum EvalCommand {
    static let spec = CommandSpec(
        name: "eval",
        abstract: "Measure the BLEU score of one or more models on a test set.",
        discussion: """
            Translates every test pair in the requested directions and reports corpus BLEU \
            per checkpoint; with --gold-alignments also the alignment error rate of the \
            attention.
            """,
        arguments: [
            ArgumentSpec(
                "test", help: "Tab-separated test pairs (English, French), e.g. corpora/en-fr.test.tsv."),
        ],
        options: [
            .path(
                "checkpoint", repeatable: true,
                help: "A trained model to evaluate; repeat to compare several."),
            SharedOptions.direction,
            SharedOptions.beam(default: 5, help: "Beam width; 1 decodes greedily."),
            .flag("lowercase", help: "Lowercase translations and references before scoring."),
            .path("plot", help: "Write an SVG chart comparing the scores to this file.", valueName: "file.svg"),
            .path(
                "gold-alignments",
                help: "Hand-made word alignments (Pharaoh format) to compute the alignment error "
                    + "rate against.",
                valueName: "file"),
            SharedOptions.threads,
        ])

    static func run(_ arguments: ParsedArguments) throws {
        throw CommandNotAvailable(command: spec.name)
    }
}
