import Seq2Seq

/// `s2s prepare SOURCE`: builds the training and test corpora shipped with the project.
enum PrepareCommand {
    static let spec = CommandSpec(
        name: "prepare",
        abstract: "Build the training and test corpora from the Tatoeba export.",
        discussion: """
            Keeps the pairs whose English and French sentences are both short enough and \
            draws disjoint random training and test sets from them; the same seed always \
            yields the same files.
            """,
        arguments: [
            ArgumentSpec(
                "source",
                help: "The Tatoeba export: tab-separated English sentence, French sentence and "
                    + "attribution per line."),
        ],
        options: [
            .path(
                "output", short: "o", default: "corpora/en-fr.tsv",
                help: "Where to write the training pairs."),
            .path(
                "test-output", default: "corpora/en-fr.test.tsv",
                help: "Where to write the held-out test pairs."),
            .integer(
                "max-tokens", default: 8, range: .closed(1, 100),
                help: "Keep only pairs whose sentences both have at most this many tokens.",
                valueName: "tokens"),
            .integer(
                "train-pairs", default: 30000, range: .atLeast(1),
                help: "Number of training pairs to write.", valueName: "pairs"),
            .integer(
                "test-pairs", default: 1000, range: .atLeast(1),
                help: "Number of test pairs to write; none of them occurs in the training set.",
                valueName: "pairs"),
            .integer(
                "seed", default: 1, range: .atLeast(0),
                help: "Seed of the random selection of pairs."),
        ])

    static func run(_ arguments: ParsedArguments) throws {
        let options = CorpusBuilder.Options(
            sourcePath: try arguments.string("source"),
            trainingOutputPath: try arguments.string("output"),
            testOutputPath: try arguments.string("test-output"),
            maxTokens: try arguments.int("max-tokens"),
            trainingPairs: try arguments.int("train-pairs"),
            testPairs: try arguments.int("test-pairs"),
            seed: UInt64(try arguments.int("seed")))
        let report = try CorpusBuilder.build(options)
        for warning in report.warnings { printError("warning: \(warning)") }
        print(report.description)
    }
}
