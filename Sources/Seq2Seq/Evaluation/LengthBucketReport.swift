import Foundation

/// The translations one system (for example a named checkpoint) produced for a test set.
public struct SystemTranslations: Sendable {
    public var name: String
    public var hypotheses: [String]

    public init(name: String, hypotheses: [String]) {
        self.name = name
        self.hypotheses = hypotheses
    }
}

/// Corpus BLEU of one or more systems on the same test set, broken down by source-sentence length:
/// how translation quality falls off with length, side by side per system.
///
/// Each bucket's score is corpus BLEU over that bucket's sentences (statistics summed, then scored),
/// not a mean of sentence scores. Buckets without sentences are left out.
public struct LengthBucketReport: Sendable {
    /// One line of the report: a length bucket (or the whole test set) with one score per system.
    public struct Row: Sendable {
        /// `1-3`, `11+`, or `all`.
        public let label: String
        public let sentenceCount: Int
        /// One score per system, in the order of `systemNames`.
        public let scores: [BLEUScore]
    }

    public let systemNames: [String]
    /// Non-empty buckets, shortest lengths first.
    public let rows: [Row]
    /// The whole test set, including sentences shorter than the first bucket.
    public let overall: Row
    /// Sentences shorter than the first bucket's lower bound (counted only in `overall`).
    public let unbucketedSentenceCount: Int
    public let lowercase: Bool

    /// A report with one reference per sentence; `sourceLengths[i]` is the length in tokens of the
    /// source of sentence i, however the caller tokenises it.
    public init(sourceLengths: [Int], references: [String], systems: [SystemTranslations],
                buckets: LengthBuckets = .standard, lowercase: Bool = false) throws {
        try self.init(sourceLengths: sourceLengths, references: references.map { [$0] }, systems: systems,
                      buckets: buckets, lowercase: lowercase)
    }

    /// A report with one or more references per sentence (`references[i]` for sentence i).
    public init(sourceLengths: [Int], references: [[String]], systems: [SystemTranslations],
                buckets: LengthBuckets = .standard, lowercase: Bool = false) throws {
        guard sourceLengths.count == references.count else {
            throw EvaluationError.countMismatch(what: "source lengths", expected: references.count, actual: sourceLengths.count)
        }
        for system in systems where system.hypotheses.count != references.count {
            throw EvaluationError.countMismatch(what: "hypotheses of '\(system.name)'", expected: references.count,
                                                actual: system.hypotheses.count)
        }
        let bucketOfSentence = sourceLengths.map { buckets.bucket(forLength: $0) }
        var sentenceCounts = [Int](repeating: 0, count: buckets.count)
        for case let bucket? in bucketOfSentence { sentenceCounts[bucket] += 1 }

        let referenceCount = BLEU.commonCount(references)
        var bucketScores = [[BLEUScore]](repeating: [], count: buckets.count)
        var overallScores: [BLEUScore] = []
        for system in systems {
            let statistics = BLEU.sentenceStatistics(hypotheses: system.hypotheses, references: references, lowercase: lowercase)
            var sums = [BLEUStatistics](repeating: .zero, count: buckets.count)
            for (bucket, sentence) in zip(bucketOfSentence, statistics) {
                if let bucket { sums[bucket] += sentence }
            }
            for bucket in 0..<buckets.count {
                bucketScores[bucket].append(BLEUScore(statistics: sums[bucket], referenceCount: referenceCount, lowercase: lowercase))
            }
            overallScores.append(BLEUScore(statistics: statistics.reduce(.zero, +), referenceCount: referenceCount, lowercase: lowercase))
        }

        systemNames = systems.map(\.name)
        rows = (0..<buckets.count).filter { sentenceCounts[$0] > 0 }.map {
            Row(label: buckets.label(ofBucket: $0), sentenceCount: sentenceCounts[$0], scores: bucketScores[$0])
        }
        overall = Row(label: "all", sentenceCount: references.count, scores: overallScores)
        unbucketedSentenceCount = bucketOfSentence.count { $0 == nil }
        self.lowercase = lowercase
    }

    /// A plain-text table, one row per bucket plus `all`, one BLEU column per system:
    ///
    ///     BLEU by source length (sacreBLEU 13a, mixed case)
    ///     source tokens  sentences  epoch-5  epoch-10
    ///     1-3                  120    31.20     35.87
    ///     ...
    ///     all                 1000    24.02     28.15
    public func table() -> String {
        let header = ["source tokens", "sentences"] + systemNames
        let body = (rows + [overall]).map { row in
            [row.label, String(row.sentenceCount)] + row.scores.map { String(format: "%.2f", $0.score) }
        }
        let widths = header.indices.map { column in
            ([header] + body).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell  // labels left, numbers right
            }.joined(separator: "  ")
        }
        var lines = ["BLEU by source length (sacreBLEU 13a, \(lowercase ? "lowercased" : "mixed case"))", line(header)]
        lines += body.map(line)
        if unbucketedSentenceCount > 0 {
            lines.append("sentences shorter than the first bucket: \(unbucketedSentenceCount) (counted only in 'all')")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
