import Foundation

/// Builds the shipped training and test corpora from a large parallel corpus (the Tatoeba
/// English–French file): short pairs only, deterministic hash-based sampling, and a test set
/// that shares no sentence with the training set. `s2s prepare` calls `build(_:)`.
///
/// Steps:
/// 1. Read the source with `ParallelCorpus` (malformed lines are skipped).
/// 2. Keep pairs whose two sides each have 1...`maxTokens` tokens (`Tokenizer`, every token
///    counted, punctuation included).
/// 3. Drop duplicates: pairs equal after normalisation (`TextNormalizer`) to an earlier pair.
/// 4. Order the remaining pairs by a stable hash (`StableHash`, seeded with `seed`) of their
///    normalised text — a sample spread over the whole corpus, not just its first, shortest lines.
/// 5. Test set: the first `testPairs` pairs in that order whose source and target sentences are
///    not yet in the test set and are not sentences of an `alwaysInclude` pair.
/// 6. Training set: every pair whose source is in `alwaysInclude`, then pairs in hash order
///    that share neither sentence (normalised) with the test set, up to `trainingPairs` in all.
/// 7. Both files are written in source order, each line the original raw `source<TAB>target`.
public enum CorpusBuilder {
    /// What to build and from what.
    public struct Options: Sendable {
        /// The large corpus to sample from (its name must name its languages, or set `languages`).
        public var sourcePath: String
        public var trainingOutputPath: String
        public var testOutputPath: String
        /// The longest sentence kept, in tokens, on each side.
        public var maxTokens: Int
        /// The size of the training set, `alwaysInclude` pairs included.
        public var trainingPairs: Int
        public var testPairs: Int
        /// Changes the sample; the same seed always gives the same files.
        public var seed: UInt64
        /// Source-language sentences whose pairs must be in the training set (and whose
        /// sentences must therefore stay out of the test set): what people try first.
        public var alwaysInclude: [String]
        /// The languages of the source's columns when its file name does not name them.
        public var languages: (source: Language, target: Language)?

        /// The greetings and courtesies people type first into a translator.
        public static let greetings: [String] = [
            "Hi.", "Hello!", "Good morning.", "Good afternoon.", "Good evening.", "Good night.",
            "Thank you.", "Thanks.", "Thank you very much.", "How are you?", "I love you.",
            "What's your name?", "Nice to meet you.", "See you tomorrow.", "See you later.",
            "Goodbye!", "Excuse me.", "I'm sorry.", "Cheers!", "Welcome home.",
        ]

        public init(sourcePath: String,
                    trainingOutputPath: String = "corpora/en-fr.tsv",
                    testOutputPath: String = "corpora/en-fr.test.tsv",
                    maxTokens: Int = 8,
                    trainingPairs: Int = 30_000,
                    testPairs: Int = 1_000,
                    seed: UInt64 = 1,
                    alwaysInclude: [String] = Options.greetings,
                    languages: (source: Language, target: Language)? = nil) {
            self.sourcePath = sourcePath
            self.trainingOutputPath = trainingOutputPath
            self.testOutputPath = testOutputPath
            self.maxTokens = maxTokens
            self.trainingPairs = trainingPairs
            self.testPairs = testPairs
            self.seed = seed
            self.alwaysInclude = alwaysInclude
            self.languages = languages
        }
    }

    /// What `build` read, filtered and wrote.
    public struct Report: Sendable, CustomStringConvertible {
        public var sourcePairs = 0
        public var skippedMalformedLines = 0
        /// Pairs with a side longer than `maxTokens` tokens.
        public var tooLong = 0
        /// Pairs equal, after normalisation, to an earlier pair.
        public var duplicates = 0
        /// Pairs left to sample from.
        public var candidates = 0
        public var trainingPairs = 0
        public var testPairs = 0
        /// Training pairs added because their source is in `alwaysInclude`.
        public var alwaysIncludedPairs = 0
        /// `alwaysInclude` sentences not found among the candidates.
        public var alwaysIncludeMissing: [String] = []
        public var warnings: [String] = []

        public var description: String {
            var lines = [
                "source pairs: \(sourcePairs) (\(skippedMalformedLines) malformed lines skipped)",
                "too long: \(tooLong), duplicates: \(duplicates), candidates: \(candidates)",
                "training pairs: \(trainingPairs) (\(alwaysIncludedPairs) always included)",
                "test pairs: \(testPairs)",
            ]
            if !alwaysIncludeMissing.isEmpty {
                lines.append("not in the source: \(alwaysIncludeMissing.joined(separator: " | "))")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// A pair that passed the filters, with what sampling needs.
    private struct Candidate {
        let pair: SentencePair
        let source: String
        let target: String
        let rank: UInt64
    }

    /// Builds and writes both files.
    /// - Throws: `ParallelCorpusError` for an unusable source, `CorpusBuilderError` when a file
    ///   cannot be written or nothing is left to write.
    @discardableResult
    public static func build(_ options: Options) throws -> Report {
        let corpus = try ParallelCorpus.load(path: options.sourcePath, strict: false, languages: options.languages)
        var report = Report()
        report.sourcePairs = corpus.pairs.count
        report.warnings = corpus.warnings
        report.skippedMalformedLines = corpus.malformedLineCount

        let sourceTokenizer = Tokenizer(language: corpus.sourceLanguage)
        let targetTokenizer = Tokenizer(language: corpus.targetLanguage)
        var candidates: [Candidate] = []
        var seen = Set<String>()
        for pair in corpus.pairs {
            let sourceLength = sourceTokenizer.tokenize(pair.source).count
            let targetLength = targetTokenizer.tokenize(pair.target).count
            guard (1...options.maxTokens).contains(sourceLength), (1...options.maxTokens).contains(targetLength) else {
                report.tooLong += 1
                continue
            }
            let source = sourceTokenizer.normalize(pair.source)
            let target = targetTokenizer.normalize(pair.target)
            guard seen.insert(source + "\t" + target).inserted else {
                report.duplicates += 1
                continue
            }
            var hash = StableHash(seed: options.seed)
            hash.combine(source)
            hash.combine(target)
            candidates.append(Candidate(pair: pair, source: source, target: target, rank: hash.mixed))
        }
        report.candidates = candidates.count

        let wanted = Set(options.alwaysInclude.map(sourceTokenizer.normalize))
        let forced = candidates.filter { wanted.contains($0.source) }
        let forcedSources = Set(forced.map(\.source))
        let forcedTargets = Set(forced.map(\.target))
        report.alwaysIncludeMissing = options.alwaysInclude.filter { !forcedSources.contains(sourceTokenizer.normalize($0)) }

        let ordered = candidates
            .filter { !wanted.contains($0.source) }
            .sorted { ($0.rank, $0.pair.line) < ($1.rank, $1.pair.line) }

        var test: [Candidate] = []
        var testSources = Set<String>()
        var testTargets = Set<String>()
        var takenForTest = Set<Int>()
        for (index, candidate) in ordered.enumerated() where test.count < options.testPairs {
            if forcedSources.contains(candidate.source) || forcedTargets.contains(candidate.target)
                || testSources.contains(candidate.source) || testTargets.contains(candidate.target) {
                continue
            }
            test.append(candidate)
            testSources.insert(candidate.source)
            testTargets.insert(candidate.target)
            takenForTest.insert(index)
        }

        var training = Array(forced.prefix(max(options.trainingPairs, 0)))
        for (index, candidate) in ordered.enumerated() where training.count < options.trainingPairs {
            if takenForTest.contains(index) || testSources.contains(candidate.source) || testTargets.contains(candidate.target) {
                continue
            }
            training.append(candidate)
        }
        report.alwaysIncludedPairs = min(forced.count, training.count)
        report.trainingPairs = training.count
        report.testPairs = test.count

        guard !training.isEmpty, !test.isEmpty || options.testPairs == 0 else {
            throw CorpusBuilderError.nothingToWrite(sourcePath: options.sourcePath, candidates: candidates.count)
        }
        try write(training.map(\.pair), to: options.trainingOutputPath)
        try write(test.map(\.pair), to: options.testOutputPath)
        return report
    }

    /// Writes pairs in source order as raw `source<TAB>target` lines.
    private static func write(_ pairs: [SentencePair], to path: String) throws {
        var text = ""
        text.reserveCapacity(pairs.count * 48)
        for pair in pairs.sorted(by: { $0.line < $1.line }) {
            text += pair.source
            text += "\t"
            text += pair.target
            text += "\n"
        }
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw CorpusBuilderError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
