import Foundation

/// Everything `s2s bench` measures, with its text and JSON renderings.
public struct BenchmarkReport: Codable, Sendable {
    /// A measured figure for a thread count.
    public struct PerThreads: Codable, Sendable {
        public var threads: Int
        public var value: Double
    }

    /// Our training throughput against a peer's for one model.
    public struct Comparison: Codable, Sendable {
        public var model: String
        public var ours: Double
        public var peer: Double
        public var peerSource: String
        /// ours / peer (target tokens per second).
        public var ratio: Double
    }

    public var machine: MachineDescription
    /// Threads of the training and translation runs.
    public var threads: Int
    public var quick: Bool
    /// Measured FMA throughput, GFLOP/s.
    public var fmaPeak: [PerThreads] = []
    /// The GEMM micro-kernel on cache-resident operands, one thread, GFLOP/s.
    public var microKernel: Double = 0
    /// The register tile `gemm` chose for this CPU (`GemmRegisterTile.preferred`), and each
    /// tile's micro-kernel rate as `microKernel` measures it (absent in older reports).
    public var registerTile: String?
    public var microKernelByTile: [String: Double]?
    public var gemm: [GemmBenchmark.Result] = []
    public var training: [TrainingBenchmark.Result] = []
    public var translation: [TranslationBenchmark.Result] = []
    /// The checkpoint the translation was timed with (nil: untrained models).
    public var translationCheckpoint: String?
    public var peakResidentMegabytes: Double = 0
    public var peer: [PeerResult] = []

    public init(machine: MachineDescription, threads: Int, quick: Bool) {
        self.machine = machine
        self.threads = threads
        self.quick = quick
    }

    /// Training throughput ratios for every model measured by both sides (several peer runs of
    /// one model are averaged). None for a quick run, whose models are smaller than the peer's.
    public var comparisons: [Comparison] {
        guard !quick else { return [] }
        return training.compactMap { ours in
            let peers = peer.filter { $0.model == ours.model }
            guard !peers.isEmpty else { return nil }
            let mean = peers.map(\.targetTokensPerSecond).reduce(0, +) / Double(peers.count)
            return Comparison(model: ours.model, ours: ours.targetTokensPerSecond, peer: mean,
                              peerSource: peers[0].source, ratio: ours.targetTokensPerSecond / max(mean, 1e-12))
        }
    }

    /// One JSON object (sorted keys, with the comparisons included).
    public func json() -> String {
        struct Output: Encodable {
            let report: BenchmarkReport
            let comparisons: [Comparison]
            func encode(to encoder: any Swift.Encoder) throws {
                try report.encode(to: encoder)
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(comparisons, forKey: Key(stringValue: "comparisons"))
            }
            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(Output(report: self, comparisons: comparisons))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A human-readable report.
    public func text() -> String {
        var lines: [String] = []
        lines.append("machine: \(machine.cpuModel), \(machine.cores) core\(machine.cores == 1 ? "" : "s")"
                     + (machine.hasAVX512 ? ", AVX-512" : ""))
        if !fmaPeak.isEmpty {
            lines.append("FMA peak: " + fmaPeak.map { "\(fixed($0.value, 1)) GFLOP/s on \($0.threads) thread\($0.threads == 1 ? "" : "s")" }
                .joined(separator: ", "))
        }
        if !gemm.isEmpty {
            lines.append("")
            if let registerTile, let rates = microKernelByTile {
                let others = rates.filter { $0.key != registerTile }.sorted { $0.key < $1.key }
                    .map { "; \($0.key) tile \(fixed($0.value, 1))" }.joined()
                lines.append("GEMM micro-kernel on cache-resident operands, 1 thread: \(registerTile) tile (used) "
                             + "\(fixed(microKernel, 1)) GFLOP/s\(others)")
            } else {
                lines.append("GEMM micro-kernel on cache-resident operands: \(fixed(microKernel, 1)) GFLOP/s on 1 thread")
            }
            lines.append("GEMM at the model's shapes (best of repeated rounds)")
            for result in gemm {
                let peak = fmaPeak.first { $0.threads == result.threads }?.value
                let share = peak.map { "  \(fixed(100 * result.gigaflops / $0, 0))% of peak" } ?? ""
                lines.append("  " + result.description + share)
            }
        }
        if !training.isEmpty {
            lines.append("")
            lines.append("training (E = H = \(quick ? "64" : "256"), batch 64, \(training[0].steps) timed steps of batches from "
                         + "\(training[0].corpusPairs.formatted()) pairs, \(threads) thread\(threads == 1 ? "" : "s"))")
            lines.append("  model      tok/s   pairs/s   ms/step  (norm  adam)  cpu ms/step   parameters")
            for r in training {
                let perStep = 1000 / Double(max(r.steps, 1))
                lines.append("  " + pad(r.model, 9) + pad(fixed(r.targetTokensPerSecond, 0), 8, left: true)
                             + pad(fixed(r.pairsPerSecond, 1), 10, left: true) + pad(fixed(r.millisecondsPerStep, 1), 10, left: true)
                             + pad(fixed(r.normSeconds * perStep, 1), 7, left: true) + pad(fixed(r.optimizerSeconds * perStep, 1), 6, left: true)
                             + pad(fixed(r.cpuSeconds * perStep, 1), 13, left: true) + pad(r.parameters.formatted(), 13, left: true))
            }
        }
        if !translation.isEmpty {
            lines.append("")
            if let path = translationCheckpoint {
                lines.append("translation latency (trained model \(path), sentences of the corpus)")
            } else {
                lines.append("translation latency (untrained model with the corpus vocabulary; untrained models stop late)")
            }
            lines.append("  model      search    mode          sentences   ms/sentence   tokens/sentence")
            for r in translation {
                lines.append("  " + pad(r.model, 9) + "  " + pad(r.search, 8) + "  " + pad(r.batched ? "batched" : "one by one", 12)
                             + pad(String(r.sentences), 11, left: true)
                             + pad(fixed(r.millisecondsPerSentence, 2), 14, left: true) + pad(fixed(r.tokensPerSentence, 1), 18, left: true))
            }
        }
        let comparisons = self.comparisons
        if quick && !peer.isEmpty {
            lines.append("")
            lines.append("(no comparison with the peer results: --quick trains smaller models)")
        }
        if !comparisons.isEmpty {
            lines.append("")
            lines.append("compared with \(comparisons[0].peerSource) (target tokens/s)")
            for c in comparisons {
                lines.append("  " + pad(c.model, 9) + "  ours " + pad(fixed(c.ours, 0), 7, left: true) + "  peer "
                             + pad(fixed(c.peer, 0), 7, left: true) + "  ratio " + fixed(c.ratio, 2) + "×")
            }
        }
        lines.append("")
        lines.append("peak resident memory: \(fixed(peakResidentMegabytes, 0)) MiB")
        return lines.joined(separator: "\n")
    }

    private func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return left ? padding + text : text + padding
    }
}
