import Foundation
import Testing
import Seq2Seq

/// The plumbing of `s2s bench`: reading peer results, describing the machine, the report's
/// comparisons and JSON, and a tiny training measurement on the shipped corpus.
struct PerformanceBenchmarkTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../corpora/en-fr.tsv").standardized.path

    /// Output of torch_s2s.py for two runs, as printed (a header line, epoch lines, a summary).
    static let torchLines = """
        {"pairs": 6000, "src_vocab": 1190, "tgt_vocab": 1490, "params": 2589390, "torch": "2.5.1", "threads": 2}
        {"epoch": 1, "seconds": 14.42, "tgt_tokens_per_s": 5192.3, "pairs_per_s": 416.1, "loss": 4.0357}
        {"attention": "luong", "score": "general", "train_seconds": 14.42, "tgt_tokens_per_s": 5192.3, "pairs_per_s": 416.1}
        {"pairs": 6000, "src_vocab": 1190, "tgt_vocab": 1490, "params": 2100000, "torch": "2.5.1", "threads": 1}
        {"epoch": 1, "seconds": 9.1, "tgt_tokens_per_s": 8200, "pairs_per_s": 659.3, "loss": 4.1}
        {"attention": "none", "score": "general", "train_seconds": 9.1, "tgt_tokens_per_s": 8200, "pairs_per_s": 659.3, "bleu": 3.2}
        """

    @Test("PyTorch result lines: one result per summary line, 'none' is lstm, threads from the run's first line")
    func parsesTorchLines() throws {
        let results = try PeerResults.parse(Self.torchLines, name: "torch.jsonl")
        #expect(results == [
            PeerResult(model: "luong", targetTokensPerSecond: 5192.3, pairsPerSecond: 416.1, threads: 2, source: "pytorch"),
            PeerResult(model: "lstm", targetTokensPerSecond: 8200, pairsPerSecond: 659.3, threads: 1, source: "pytorch"),
        ])
    }

    @Test("Unusable peer files fail with the file name and line")
    func rejectsBadPeerFiles() {
        #expect { try PeerResults.parse("{\"attention\": \"luong\"}\n", name: "a.jsonl") } throws: {
            "\($0)" == "a.jsonl:1: summary line lacks tgt_tokens_per_s or pairs_per_s"
        }
        #expect { try PeerResults.parse("{\"epoch\": 1}\n{not json\n", name: "b.jsonl") } throws: { "\($0)".hasPrefix("b.jsonl:2:") }
        #expect { try PeerResults.parse("", name: "c.jsonl") } throws: { "\($0)".hasPrefix("c.jsonl: no results") }
        #expect { try PeerResults.load(path: "/no/such/peer.jsonl") } throws: { "\($0)".contains("/no/such/peer.jsonl") }
    }

    @Test("The CPU model and AVX-512 flag come from the first processor of /proc/cpuinfo")
    func machineFromCpuinfo() {
        let text = """
            processor\t: 0
            model name\t: Intel(R) Xeon(R) Processor
            flags\t\t: fpu sse2 avx2 avx512f avx512bw
            processor\t: 1
            model name\t: Other
            """
        #expect(MachineDescription.parse(cpuinfo: text, cores: 2)
                == MachineDescription(cpuModel: "Intel(R) Xeon(R) Processor", cores: 2, hasAVX512: true))
        #expect(MachineDescription.parse(cpuinfo: "flags : sse2 avx2\n", cores: 1)
                == MachineDescription(cpuModel: "unknown", cores: 1, hasAVX512: false))
        #expect(CPUFeatures.flags(inCPUInfo: text) == ["fpu", "sse2", "avx2", "avx512f", "avx512bw"])
        #expect(CPUFeatures.flags(inCPUInfo: "model name : x\n").isEmpty)
    }

    @Test("A tiny training measurement on the shipped corpus, compared with a peer, survives a JSON round trip")
    func trainingReportRoundTrip() throws {
        let corpus = try ParallelCorpus.load(path: Self.corpus)
        var setup = TrainingBenchmark.Setup(model: .luong)
        setup.embeddingSize = 16; setup.hiddenSize = 16; setup.maxPairs = 300; setup.steps = 2; setup.warmupSteps = 1
        setup.repeats = 2
        let result = try TrainingBenchmark.run(setup, corpus: corpus)
        #expect(result.model == "luong" && result.steps == 4)
        // Each pair has at least one target word plus </s>; batches hold at most 64 pairs.
        #expect(result.pairs > 0 && result.pairs <= 4 * 64 && result.targetTokens >= 2 * result.pairs && result.seconds > 0)
        #expect(result.parameters > 10_000)

        var report = BenchmarkReport(machine: .current, threads: 2, quick: false)
        report.training = [result]
        report.peer = try PeerResults.parse(Self.torchLines, name: "torch.jsonl")
        let comparison = try #require(report.comparisons.first)
        #expect(report.comparisons.count == 1)  // lstm was not measured by us
        #expect(abs(comparison.ratio - result.targetTokensPerSecond / 5192.3) < 1e-9)
        #expect(report.text().contains("luong"))

        let json = report.json()
        let decoded = try JSONDecoder().decode(BenchmarkReport.self, from: Data(json.utf8))
        #expect(decoded.training.first?.targetTokens == result.targetTokens)
        #expect(json.contains("\"comparisons\"") && json.contains("\"targetTokensPerSecond\""))
        // A quick run trains smaller models, so it is not compared with the peer.
        report.quick = true
        #expect(report.comparisons.isEmpty)
        // Our own JSON is accepted as peer results too.
        let again = try PeerResults.parse(json, name: "ours.json")
        #expect(again.map(\.model) == ["luong"] && again[0].source == "s2s")
    }
}
