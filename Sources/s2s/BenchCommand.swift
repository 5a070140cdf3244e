import Foundation
import Seq2Seq

/// `s2s bench`: measures the speed of the kernels, of training and of translation.
enum BenchCommand {
    static let spec = CommandSpec(
        name: "bench",
        abstract: "Measure the speed of the numeric kernels, of training and of translation.",
        discussion: """
            Prints the machine, the measured FMA peak, GEMM throughput at the models' shapes, \
            training throughput of each model (E = H = 256, batch 64) on the shipped corpus, \
            translation latency and the peak memory use. With --peer-results it also prints \
            our training throughput relative to the peer's.
            """,
        options: [
            .flag("json", help: "Print the results as one JSON object."),
            .integer(
                "steps", default: 90, range: .atLeast(1),
                help: "Timed training steps per model (90 is one epoch of the 6,000-pair set)."),
            .integer(
                "max-pairs", default: 6000, range: .atLeast(0),
                help: "Sentence pairs of the corpus to train on, 0 for all of it (the peer's --max-pairs)."),
            .integer(
                "repeats", default: 1, range: .closed(1, 100),
                help: "Runs of each timed training batch; its fastest run counts (filters out "
                    + "interruptions on a busy machine)."),
            SharedOptions.threads,
            .flag("quick", help: "Use small models and few steps, for a fast check."),
            .path(
                "peer-results",
                help: "Results to compare with: the JSON lines of torch_s2s.py (runs of the three "
                    + "models) or the output of 's2s bench --json'.",
                valueName: "file"),
            .choice(
                "model", ["all"] + ModelKind.allCases.map(\.rawValue), default: "all",
                help: "Benchmark only this model."),
            .choice(
                "only", ["all"] + BenchmarkSuite.Part.allCases.map(\.rawValue), default: "all",
                help: "Run only this part of the benchmark."),
            .path("corpus", default: "corpora/en-fr.tsv", help: "The corpus to train and translate on."),
            .path(
                "checkpoint",
                help: "Time translation with this trained model (its direction of the corpus's languages) instead of untrained ones.",
                valueName: "path"),
        ])

    static func run(_ arguments: ParsedArguments) throws {
        var suite = BenchmarkSuite()
        suite.threads = try arguments.int("threads")
        suite.steps = try arguments.int("steps")
        suite.repeats = try arguments.int("repeats")
        suite.maxPairs = try arguments.int("max-pairs")
        suite.quick = arguments.flag("quick")
        suite.corpusPath = try arguments.string("corpus")
        suite.checkpointPath = arguments.optionalString("checkpoint")
        if let model = ModelKind(rawValue: try arguments.choice("model")) { suite.models = [model] }
        if let part = BenchmarkSuite.Part(rawValue: try arguments.choice("only")) { suite.parts = [part] }
        if let path = arguments.optionalString("peer-results") { suite.peer = try PeerResults.load(path: path) }
        let json = arguments.flag("json")
        let report = try suite.run(progress: { if !json { printError("… \($0)") } })
        print(json ? report.json() : report.text())
    }
}

