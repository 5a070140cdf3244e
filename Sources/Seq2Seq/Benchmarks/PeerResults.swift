import Foundation

/// Training throughput measured elsewhere (the PyTorch reference script, or another machine's
/// `s2s bench --json`), to compare with.
public struct PeerResult: Codable, Sendable, Equatable {
    /// `lstm`, `bahdanau` or `luong` (the PyTorch script's `none` is `lstm`).
    public var model: String
    public var targetTokensPerSecond: Double
    public var pairsPerSecond: Double
    /// Threads the peer used, when it said.
    public var threads: Int?
    /// Where the figure comes from: "pytorch" or "s2s".
    public var source: String

    public init(model: String, targetTokensPerSecond: Double, pairsPerSecond: Double, threads: Int?, source: String) {
        self.model = model
        self.targetTokensPerSecond = targetTokensPerSecond
        self.pairsPerSecond = pairsPerSecond
        self.threads = threads
        self.source = source
    }
}

/// A peer-results file that cannot be used.
public struct PeerResultsError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Reads peer results: either the JSON lines printed by `torch_s2s.py` (one or more runs; the
/// summary line of each run, the one with `"attention"`, gives its throughput, and the run's
/// first line its thread count), or one JSON object from `s2s bench --json`.
public enum PeerResults {
    public static func load(path: String) throws -> [PeerResult] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PeerResultsError("\(path): cannot read the file")
        }
        return try parse(String(decoding: data, as: UTF8.self), name: path)
    }

    /// Parses the text of a results file; `name` prefixes error messages.
    public static func parse(_ text: String, name: String) throws -> [PeerResult] {
        if let report = try? JSONDecoder().decode(BenchmarkReport.self, from: Data(text.utf8)) {
            return report.training.map {
                PeerResult(model: $0.model, targetTokensPerSecond: $0.targetTokensPerSecond,
                           pairsPerSecond: $0.pairsPerSecond, threads: $0.threads, source: "s2s")
            }
        }
        var results: [PeerResult] = []
        var threads: Int? = nil
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("{") else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                throw PeerResultsError("\(name):\(index + 1): not a JSON object")
            }
            if let count = object["threads"] as? Int { threads = count }
            guard let attention = object["attention"] as? String else { continue }
            guard let tokens = (object["tgt_tokens_per_s"] as? NSNumber)?.doubleValue,
                  let pairs = (object["pairs_per_s"] as? NSNumber)?.doubleValue else {
                throw PeerResultsError("\(name):\(index + 1): summary line lacks tgt_tokens_per_s or pairs_per_s")
            }
            let model = attention == "none" ? "lstm" : attention
            guard ModelKind(rawValue: model) != nil else {
                throw PeerResultsError("\(name):\(index + 1): unknown attention '\(attention)'")
            }
            results.append(PeerResult(model: model, targetTokensPerSecond: tokens, pairsPerSecond: pairs,
                                      threads: threads, source: "pytorch"))
        }
        if results.isEmpty {
            throw PeerResultsError("\(name): no results found (expected torch_s2s.py output or s2s bench --json)")
        }
        return results
    }
}
