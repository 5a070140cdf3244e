// This file is also compiled into the libFuzzer target by Fuzz/run-corpus-fuzzer.sh (with
// -D S2S_LIBFUZZER, as part of one module with the library's Text sources), so that the
// deterministic harness and libFuzzer check one and the same contract.
#if !S2S_LIBFUZZER
import Seq2Seq
import Testing
#endif
import Foundation

/// The contract of the corpus reader on arbitrary bytes, checked against a plain reference
/// reading of the documented format, plus a seeded mutation fuzzer for it.
///
/// Contract: `ParallelCorpus.load(bytes:)` accepts or throws a `ParallelCorpusError` whose
/// message is one line naming the file; it never traps. What it accepts, skips and reports is
/// exactly what the reference reading finds: lines split at LF (one CR before it dropped), a
/// leading BOM ignored, white-space-only lines ignored, a line without tab, with invalid
/// UTF-8 or with a side that normalises to nothing malformed; strict mode throws at the first
/// malformed line, lenient mode skips and counts them.
struct CorpusReaderFuzzer {
    enum Outcome: Equatable {
        /// Read (leniently) with this many pairs and this many malformed lines skipped.
        case accepted(pairs: Int, skipped: Int)
        case rejected(String)
        case failure(String)
    }

    struct Report: CustomStringConvertible {
        var inputs = 0
        var accepted = 0
        /// Accepted inputs that had malformed lines (which strict mode rejects).
        var acceptedWithSkips = 0
        var rejections: [String: Int] = [:]
        var failures: [String] = []
        var failureCount = 0
        var description: String {
            let kinds = rejections.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return "\(inputs) inputs: \(accepted) accepted (\(acceptedWithSkips) with lines skipped), \(rejections.values.reduce(0, +)) rejected (\(kinds)), \(failureCount) failures"
        }
    }

    static let name = "fuzz-en-fr.tsv"

    // MARK: Reference reading

    struct Reference {
        var pairs: [SentencePair] = []
        /// (line, reason) of every malformed line, in order.
        var malformed: [(Int, String)] = []
    }

    static func reference(_ input: [UInt8]) -> Reference {
        var bytes = ArraySlice(input)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }   // after a final LF, or nothing at all
        let normalizer = TextNormalizer(keepCase: true)
        var result = Reference()
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let line = raw.last == 0x0D ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == 0x20 || (0x09...0x0D).contains($0) }) { continue }
            let columns = line.split(separator: 0x09, maxSplits: 2, omittingEmptySubsequences: false)
            guard columns.count >= 2 else { result.malformed.append((number, "no tab between the two sentences")); continue }
            guard let source = String(validating: columns[0], as: UTF8.self),
                  let target = String(validating: columns[1], as: UTF8.self),
                  columns.count == 2 || String(validating: columns[2], as: UTF8.self) != nil else {
                result.malformed.append((number, "invalid UTF-8")); continue
            }
            // Blank means "normalises to nothing": checked here through the public normaliser.
            if normalizer.normalize(source).isEmpty { result.malformed.append((number, "empty English sentence")); continue }
            if normalizer.normalize(target).isEmpty { result.malformed.append((number, "empty French sentence")); continue }
            result.pairs.append(SentencePair(source: source, target: target, line: number))
        }
        return result
    }

    // MARK: Contract

    /// Checks `ParallelCorpus.load(bytes:)` (or `reader`, taking the bytes and `strict`) on `input`.
    static func check(_ input: [UInt8], reader: (([UInt8], Bool) throws -> ParallelCorpus)? = nil) -> Outcome {
        let read = reader ?? { try ParallelCorpus.load(bytes: $0, name: name, strict: $1) }
        let expected = reference(input)
        var outcome: Outcome = .failure("unchecked")
        for strict in [false, true] {
            let corpus: ParallelCorpus
            do {
                corpus = try read(input, strict)
            } catch let error as ParallelCorpusError {
                let message = error.description
                guard message.hasPrefix(name + ":"), !message.contains(where: { $0.isNewline }) else {
                    return .failure("malformed message: \(message.debugDescription)")
                }
                let wanted: ParallelCorpusError
                if input.isEmpty {
                    wanted = .empty(path: name)
                } else if strict, let (line, reason) = expected.malformed.first {
                    wanted = .malformedLine(path: name, line: line, reason: reason)
                } else if expected.pairs.isEmpty {
                    wanted = .noValidPairs(path: name, malformedLines: expected.malformed.count)
                } else {
                    return .failure("strict \(strict): rejected with '\(message)' but the reference reads \(expected.pairs.count) pairs")
                }
                guard error == wanted else { return .failure("strict \(strict): '\(message)', expected '\(wanted)'") }
                if !strict { outcome = .rejected(Self.kind(error)) }
                continue
            } catch {
                return .failure("strict \(strict): threw a foreign error: \(error)")
            }
            guard !input.isEmpty, !expected.pairs.isEmpty, !(strict && !expected.malformed.isEmpty) else {
                return .failure("strict \(strict): accepted \(corpus.pairs.count) pairs, the reference rejects the input")
            }
            guard corpus.pairs == expected.pairs else {
                let first = zip(corpus.pairs, expected.pairs).first { $0 != $1 }
                return .failure("strict \(strict): pairs differ from the reference (\(corpus.pairs.count) vs \(expected.pairs.count); first: \(String(describing: first)))")
            }
            guard corpus.malformedLineCount == expected.malformed.count, corpus.warnings == warnings(expected) else {
                return .failure("strict \(strict): malformed \(corpus.malformedLineCount) \(corpus.warnings), expected \(expected.malformed.count) \(warnings(expected))")
            }
            guard corpus.sourceLanguage == .en, corpus.targetLanguage == .fr, corpus.path == name else {
                return .failure("wrong languages or path")
            }
            if !strict { outcome = .accepted(pairs: corpus.pairs.count, skipped: corpus.malformedLineCount) }
        }
        return outcome
    }

    static func warnings(_ expected: Reference) -> [String] {
        let count = expected.malformed.count
        guard count > 0 else { return [] }
        var listed = expected.malformed.prefix(ParallelCorpus.listedMalformedLines).map { String($0.0) }.joined(separator: ", ")
        if count > ParallelCorpus.listedMalformedLines { listed += ", …" }
        return ["\(name): skipped \(count) malformed \(count == 1 ? "line" : "lines") (\(listed))"]
    }

    static func kind(_ error: ParallelCorpusError) -> String {
        switch error {
        case .fileNotFound: return "not found"
        case .isDirectory: return "directory"
        case .unreadable: return "unreadable"
        case .empty: return "empty"
        case .noValidPairs: return "no valid pair"
        case .unknownLanguages: return "languages"
        case .malformedLine: return "malformed"
        }
    }

    // MARK: Mutation

    private var random: RandomGenerator
    let seeds: [[UInt8]]

    init(seed: UInt64, seeds: [[UInt8]] = CorpusReaderFuzzer.defaultSeeds) {
        random = RandomGenerator(seed: seed)
        self.seeds = seeds.isEmpty ? [[]] : seeds
    }

    mutating func run(inputs count: Int) -> Report {
        var report = Report()
        for index in 0..<count {
            let input = nextInput()
            report.inputs += 1
            switch Self.check(input) {
            case .accepted(_, let skipped):
                report.accepted += 1
                if skipped > 0 { report.acceptedWithSkips += 1 }
            case .rejected(let kind): report.rejections[kind, default: 0] += 1
            case .failure(let problem):
                report.failureCount += 1
                if report.failures.count < 5 { report.failures.append("input \(index) \(input): \(problem)") }
            }
        }
        return report
    }

    mutating func nextInput() -> [UInt8] {
        var input = seeds[below(seeds.count)]
        for _ in 0...below(4) { mutate(&input) }
        return input
    }

    private mutating func mutate(_ input: inout [UInt8]) {
        switch below(9) {
        case 0 where !input.isEmpty:
            input[below(input.count)] ^= 1 << UInt8(below(8))
        case 1:
            input.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: below(input.count + 1))
        case 2 where !input.isEmpty:
            input[below(input.count)] = Self.bytes[below(Self.bytes.count)]
        case 3 where !input.isEmpty:
            let start = below(input.count)
            input.removeSubrange(start..<min(input.count, start + 1 + below(16)))
        case 4:
            input.removeSubrange(below(input.count + 1)...)
        case 5 where !input.isEmpty:
            let start = below(input.count)
            let chunk = input[start..<min(input.count, start + 1 + below(48))]
            input.insert(contentsOf: Array(chunk), at: below(input.count + 1))
        case 6:
            // A line of another seed, so lines of different kinds meet.
            let other = seeds[below(seeds.count)].split(separator: 0x0A, omittingEmptySubsequences: false)
            input.insert(contentsOf: Array(other[below(other.count)]) + [0x0A], at: lineStart(in: input))
        case 7:
            let byte = Self.bytes[below(Self.bytes.count)]
            input.insert(contentsOf: [UInt8](repeating: byte, count: 1 + below(300)), at: below(input.count + 1))
        default:
            input.insert(contentsOf: (0...below(8)).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: below(input.count + 1))
        }
    }

    /// A random position just after a line feed (or 0).
    private mutating func lineStart(in input: [UInt8]) -> Int {
        let starts = [0] + input.indices.filter { input[$0] == 0x0A }.map { $0 + 1 }
        return starts[below(starts.count)]
    }

    private mutating func below(_ bound: Int) -> Int {
        bound <= 1 ? 0 : Int(random.next() % UInt64(bound))
    }

    /// Bytes that matter to the reader: separators, white space, UTF-8 lead and continuation
    /// bytes, invalid ones.
    static let bytes: [UInt8] = [0x09, 0x0A, 0x0D, 0x20, 0x00, 0x0B, 0x0C, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xC3, 0xE2, 0xEF,
                                 0xF0, 0xF4, 0xF5, 0xFE, 0xFF, UInt8(ascii: "a"), UInt8(ascii: ".")]
    /// Sequences that matter: BOM, CRLF, NBSP and other spaces, zero-width and format characters,
    /// overlong and surrogate encodings, truncated sequences.
    static let tokens: [[UInt8]] = [
        [0xEF, 0xBB, 0xBF], [0x0D, 0x0A], [0x09, 0x09], [0xC2, 0xA0], [0xC2, 0x85], [0xC2, 0xAD], [0xE2, 0x80, 0xA8],
        [0xE2, 0x80, 0x8B], [0xE3, 0x80, 0x80], [0xE2, 0x80, 0x99], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xF0, 0x9F, 0x98, 0x80], Array("l'été".utf8), Array(" \t ".utf8), Array("\t\n".utf8),
    ]

    /// Small valid corpora in the styles the reader tolerates.
    static let defaultSeeds: [[UInt8]] = [
        Array("Go.\tVa !\nHi.\tSalut !\nRun!\tCours !\n".utf8),
        [0xEF, 0xBB, 0xBF] + Array("I'm here.\tJe suis là.\r\nWho?\tQui ?\r\n".utf8),
        Array("\n  \nThe cat sleeps.\tLe chat dort.\tCC-BY 2.0 (France) Attribution: tatoeba.org #1\n\n".utf8),
        Array("« Où ? »\t“Where?”\nÇa va.\tI'm fine.\nno tab here\n\t\n".utf8),
        Array("a\u{A0}b\tc\u{200B}d\n\u{A0}\tx\ny\t\u{2028}\nz\t\u{AD}".utf8),
    ]
}

#if !S2S_LIBFUZZER
@Suite struct ReliabilityCorpusFuzzTests {
    /// `S2S_CORPUS_FUZZ_INPUTS=1000000 swift test -c release --filter ReliabilityCorpusFuzz` runs a long campaign.
    static let inputs = ProcessInfo.processInfo.environment["S2S_CORPUS_FUZZ_INPUTS"].flatMap { Int($0) } ?? 3_000

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/corpus")

    @Test("mutated corpus files are read exactly as the reference reads them, never a crash")
    func campaign() {
        var fuzzer = CorpusReaderFuzzer(seed: 6)
        let started = ContinuousClock.now
        let report = fuzzer.run(inputs: Self.inputs)
        print("corpus fuzz: \(report) in \(ContinuousClock.now - started)")
        #expect(report.failureCount == 0, "\(report.failures)")
        #expect(report.accepted > Self.inputs / 4 && report.acceptedWithSkips > Self.inputs / 20, "\(report)")
        for kind in ["empty", "no valid pair"] { #expect(report.rejections[kind, default: 0] > 0, "\(report)") }
    }

    @Test("the seeds are accepted and the same seed gives the same inputs")
    func determinism() {
        for seed in CorpusReaderFuzzer.defaultSeeds {
            guard case .accepted = CorpusReaderFuzzer.check(seed) else { Issue.record("seed not accepted: \(seed)"); continue }
        }
        var a = CorpusReaderFuzzer(seed: 1), b = CorpusReaderFuzzer(seed: 1), c = CorpusReaderFuzzer(seed: 2)
        let first = (0..<100).map { _ in a.nextInput() }
        #expect(first == (0..<100).map { _ in b.nextInput() })
        #expect(first != (0..<100).map { _ in c.nextInput() })
    }

    @Test("the contract check notices a reader that differs from the reference")
    func checkCanFail() throws {
        func broken(_ change: @escaping (ParallelCorpus) -> ParallelCorpus) -> ([UInt8], Bool) throws -> ParallelCorpus {
            { change(try ParallelCorpus.load(bytes: $0, name: CorpusReaderFuzzer.name, strict: $1)) }
        }
        func with(_ c: ParallelCorpus, pairs: [SentencePair]? = nil, warnings: [String]? = nil) -> ParallelCorpus {
            ParallelCorpus(path: c.path, sourceLanguage: c.sourceLanguage, targetLanguage: c.targetLanguage, pairs: pairs ?? c.pairs,
                           warnings: warnings ?? c.warnings, malformedLineCount: c.malformedLineCount)
        }
        let input = Array("a\tb\nc\td\n\t\u{A0}\n".utf8)
        let failures = [
            broken { with($0, pairs: Array($0.pairs.dropLast())) },
            broken { with($0, pairs: $0.pairs.map { SentencePair(source: $0.source + "\r", target: $0.target, line: $0.line) }) },
            broken { with($0, pairs: $0.pairs.map { SentencePair(source: $0.source, target: $0.target, line: $0.line + 1) }) },
            broken { with($0, warnings: []) },
            { _, _ in throw ParallelCorpusError.empty(path: CorpusReaderFuzzer.name) },
            { _, _ in throw CocoaError(.fileReadUnknown) },
        ].map { CorpusReaderFuzzer.check(input, reader: $0) }
        for outcome in failures {
            guard case .failure = outcome else { Issue.record("a broken reader passed: \(outcome)"); continue }
        }
        // The reference itself: a lone CR is not a line break, a CR before LF is dropped.
        #expect(CorpusReaderFuzzer.reference(Array("a\tb\rc\td\r\n".utf8)).pairs == [SentencePair(source: "a", target: "b\rc", line: 1)])
        #expect(CorpusReaderFuzzer.reference(Array("x\n\u{A0}\t.\n".utf8)).malformed.map(\.1) == ["no tab between the two sentences", "empty English sentence"])
        #expect(CorpusReaderFuzzer.check([]) == .rejected("empty"))
        #expect(CorpusReaderFuzzer.check(Array("a\tb\n".utf8)) == .accepted(pairs: 1, skipped: 0))
        #expect(CorpusReaderFuzzer.check(Array("a\tb\n\t\u{A0}\n".utf8)) == .accepted(pairs: 1, skipped: 1))
    }

    @Test("the regression inputs in Fixtures/corpus keep to the contract",
          arguments: (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path).sorted()) ?? [])
    func regressionFixture(_ file: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent(file)))
        let outcome = CorpusReaderFuzzer.check(bytes)
        if case .failure(let problem) = outcome { Issue.record("\(file): \(problem)") }
        #expect(outcome == Self.expectedFixtureOutcomes[file], "\(file)")
    }

    /// What each regression input reads as (lenient mode), worked out by hand.
    static let expectedFixtureOutcomes: [String: CorpusReaderFuzzer.Outcome] = [
        "bad-encodings.tsv": .accepted(pairs: 1, skipped: 4),
        "blank-sides.tsv": .accepted(pairs: 2, skipped: 4),
        "bom-crlf.tsv": .accepted(pairs: 2, skipped: 0),
        "bom-inside.tsv": .accepted(pairs: 2, skipped: 1),
        "invalid-utf8-third-column.tsv": .accepted(pairs: 1, skipped: 1),
        "lone-cr.tsv": .accepted(pairs: 2, skipped: 0),
        "many-malformed.tsv": .accepted(pairs: 1, skipped: 7),
        "no-final-newline.tsv": .accepted(pairs: 2, skipped: 0),
        "nul-and-controls.tsv": .accepted(pairs: 1, skipped: 2),
        "only-bom.tsv": .rejected("no valid pair"),
        "tabs-only-line.tsv": .rejected("no valid pair"),
        "white-space-lines.tsv": .rejected("no valid pair"),
    ]

    @Test("reading from bytes names the given file in errors and warnings")
    func bytesNameTheFile() throws {
        let corpus = try ParallelCorpus.load(bytes: Array("a\tb\nbad line\n".utf8), name: "dir/x-en-fr.tsv")
        #expect(corpus.path == "dir/x-en-fr.tsv" && corpus.pairs.count == 1)
        #expect(corpus.warnings == ["dir/x-en-fr.tsv: skipped 1 malformed line (2)"])
        #expect(throws: ParallelCorpusError.unknownLanguages(path: "data.tsv")) { try ParallelCorpus.load(bytes: [UInt8](), name: "data.tsv") }
        let swapped = try ParallelCorpus.load(bytes: Array("le chat\tthe cat\n".utf8), name: "-", languages: (.fr, .en))
        #expect(swapped.sourceLanguage == .fr && swapped.pairs[0].source == "le chat")
    }
}
#endif
