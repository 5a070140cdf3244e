/// Runs the measurements of `s2s bench` in order and collects them in a `BenchmarkReport`.
public struct BenchmarkSuite {
    /// Which parts to run.
    public enum Part: String, CaseIterable, Sendable {
        case gemm, training, translation
    }

    public var corpusPath = "corpora/en-fr.tsv"
    public var threads = 2
    public var steps = 90
    /// Corpus pairs to train on (0: all), as the peer's `--max-pairs`.
    public var maxPairs = 6000
    /// Runs of each timed training batch (its fastest run counts); see `TrainingBenchmark.Setup`.
    public var repeats = 1
    /// Small models (E = H = 64), few steps and short GEMM rounds, for a fast check.
    public var quick = false
    public var models: [ModelKind] = ModelKind.allCases
    public var parts: Set<Part> = Set(Part.allCases)
    public var peer: [PeerResult] = []
    /// A trained checkpoint to time translation with, instead of untrained models.
    public var checkpointPath: String?

    public init() {}

    /// Runs the suite; `progress` receives a line before each measurement.
    public func run(progress: (String) -> Void = { _ in }) throws -> BenchmarkReport {
        var report = BenchmarkReport(machine: .current, threads: threads, quick: quick)
        report.peer = peer
        let threadCounts = threads > 1 ? [1, threads] : [1]
        if parts.contains(.gemm) {
            for count in threadCounts {
                progress("FMA peak and GEMM on \(count) thread\(count == 1 ? "" : "s")")
                let peakBefore = GemmBenchmark.fmaPeak(threads: count, repetitions: quick ? 3 : 5)
                if count == 1 {
                    var rates: [String: Double] = [:]
                    for tile in GemmRegisterTile.allCases {
                        rates[tile.description] = GemmBenchmark.microKernelRate(tile: tile, repetitions: quick ? 2 : 5)
                    }
                    report.registerTile = GemmRegisterTile.preferred.description
                    report.microKernelByTile = rates
                    report.microKernel = rates[GemmRegisterTile.preferred.description] ?? 0
                }
                report.gemm += GemmBenchmark.run(threads: count, repetitions: quick ? 3 : 7, workScale: quick ? 0.1 : 1)
                // The GEMMs are best-of-rounds over a longer stretch than one peak measurement, so
                // the peak is measured on both sides of them and the higher figure kept: a slow
                // moment during one peak measurement would otherwise inflate every percentage.
                let peakAfter = GemmBenchmark.fmaPeak(threads: count, repetitions: quick ? 3 : 5)
                report.fmaPeak.append(.init(threads: count, value: max(peakBefore, peakAfter)))
            }
        }
        let needsCorpus = parts.contains(.training) || parts.contains(.translation)
        let corpus = needsCorpus ? try ParallelCorpus.load(path: corpusPath) : nil
        let previousThreads = WorkerPool.shared.threadCount
        WorkerPool.shared.threadCount = threads
        defer { WorkerPool.shared.threadCount = previousThreads }
        if parts.contains(.training), let corpus {
            for kind in models {
                progress("training \(kind.rawValue)")
                var setup = TrainingBenchmark.Setup(model: kind)
                setup.steps = quick ? min(steps, 3) : steps
                setup.warmupSteps = quick ? 1 : 3
                setup.repeats = repeats
                setup.maxPairs = maxPairs
                if quick { setup.embeddingSize = 64; setup.hiddenSize = 64; setup.maxPairs = 1000 }
                report.training.append(try TrainingBenchmark.run(setup, corpus: corpus))
            }
        }
        if parts.contains(.translation), let corpus, let path = checkpointPath {
            let checkpoint = try Checkpoint.load(path: path, optimizerState: false)
            let direction = TranslationDirection(source: corpus.sourceLanguage, target: corpus.targetLanguage)
            guard let model = checkpoint.model(for: direction) else {
                throw TrainingError("\(path): no \(direction) model (it has \(checkpoint.directionList))")
            }
            progress("translating with \(path)")
            report.translationCheckpoint = path
            report.translation = TranslationBenchmark.run(model: model, texts: corpus.pairs.map(\.source),
                                                          sentences: quick ? 4 : 50, bulkSentences: quick ? 8 : 1000)
        } else if parts.contains(.translation), let corpus {
            for kind in models {
                progress("translating with \(kind.rawValue)")
                report.translation += try TranslationBenchmark.run(kind: kind, corpus: corpus, sentences: quick ? 4 : 50,
                                                                   bulkSentences: quick ? 8 : 1000,
                                                                   size: quick ? 64 : 256, maxPairs: quick ? 1000 : 0)
            }
        }
        report.peakResidentMegabytes = ProcessorTime.peakResidentMegabytes()
        return report
    }
}
