import Foundation
import Seq2Seq
import Testing

/// `s2s train` on bad corpus files: a one-line message naming the file and exit status 1, and
/// nothing created in the output folder; tolerable flaws (BOM, CRLF, some bad lines, a huge
/// line) train normally.
@Suite struct ReliabilityCorpusInputTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        /// The corpus file name (the languages come from it).
        var file = "c-en-fr.tsv"
        /// The file's bytes; nil makes no file, `directory` a folder.
        var bytes: [UInt8]?
        var directory = false
        var extra: [String] = []
        /// nil: training succeeds; else the message must contain this.
        var error: String?
        /// For a success: the warning standard error must contain, or nil for none.
        var warning: String?
        var description: String { name }
    }

    static let good = Array(ReliabilityBinary.syntheticCorpus(lines: 200).utf8)
    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    static let cases: [Case] = {
        var cases: [Case] = [
            Case(name: "empty file", bytes: [], error: "c-en-fr.tsv: the file is empty"),
            Case(name: "header only", bytes: text("English\tFrench\n"), error: "c-en-fr.tsv: no validation pairs for en-fr among 1 usable pairs"),
            Case(name: "a few lines", bytes: text("Hi.\tSalut !\nRun!\tCours !\n"), error: "no validation pairs"),
            Case(name: "white space only", bytes: text(" \n\t\n\r\n"), error: "c-en-fr.tsv: no valid sentence pair"),
            Case(name: "invalid UTF-8 everywhere", bytes: Array(repeating: text("caf\u{E9}\t") + [0xC3, 0x28, 0x0A], count: 5).flatMap { $0 },
                 error: "c-en-fr.tsv: no valid sentence pair (5 malformed lines)"),
            Case(name: "invalid UTF-8, strict", bytes: text("a cat .\tun chat .\n") + [0xFF, 0x09, 0x61, 0x0A], extra: ["--strict"],
                 error: "c-en-fr.tsv:2: invalid UTF-8"),
            Case(name: "missing column", bytes: text("the cat\nthe dog\nthe bird\n"), error: "c-en-fr.tsv: no valid sentence pair (3 malformed lines)"),
            Case(name: "missing column, strict", bytes: good + text("the cat\n"), extra: ["--strict"],
                 error: "c-en-fr.tsv:201: no tab between the two sentences"),
            Case(name: "only one language", bytes: Array(repeating: text("the cat .\t \n"), count: 50).flatMap { $0 },
                 error: "c-en-fr.tsv: no valid sentence pair (50 malformed lines)"),
            Case(name: "only one language, strict", bytes: text("\t le chat .\n"), extra: ["--strict"],
                 error: "c-en-fr.tsv:1: empty English sentence"),
            Case(name: "a directory", directory: true, error: "c-en-fr.tsv: is a directory, not a corpus file"),
            Case(name: "no such file", error: "c-en-fr.tsv: no such file"),
            Case(name: "languages not in the name", file: "corpus.tsv", bytes: good, error: "corpus.tsv: the file name does not name two known languages"),
            // Tolerated: these train.
            Case(name: "BOM and CRLF", bytes: [0xEF, 0xBB, 0xBF] + Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            Case(name: "some invalid UTF-8 lines", bytes: good + [0xC0, 0xAF, 0x09, 0x61, 0x0A] + text("x\t \n"),
                 warning: "warning: c-en-fr.tsv: skipped 2 malformed lines (201, 202)"),
            Case(name: "NUL bytes and control characters", bytes: good + text("the\u{0} cat\u{7} .\tle\u{1B}[31m chat .\n")),
        ]
        // A 10 MB line of words: read, then dropped by the length filter, quickly.
        let longLine = text(String(repeating: "cat dog ", count: 1_250_000) + "\tchat chien\n")
        cases.append(Case(name: "a 10 MB line", bytes: good + longLine))
        cases.append(Case(name: "a 10 MB line without tab", bytes: good + Array(repeating: UInt8(ascii: "a"), count: 10_000_000) + [0x0A],
                          warning: "warning: c-en-fr.tsv: skipped 1 malformed line (201)"))
        return cases
    }()

    @Test(.enabled(if: ReliabilityBinary.isAvailable, "the s2s executable is not in the build products directory"),
          arguments: cases)
    func badCorpus(_ c: Case) throws {
        let directory = try ReliabilityBinary.temporaryDirectory("corpus")
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = directory.appendingPathComponent(c.file)
        if let bytes = c.bytes { try Data(bytes).write(to: corpus) }
        if c.directory { try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: false) }
        let started = Date()
        let run = try ReliabilityBinary.run(
            ["train", c.file, "--embedding", "4", "--hidden", "4", "--epochs", "1", "--batch", "32", "--threads", "1",
             "--min-count", "1", "--output", "out/model.safetensors"] + c.extra,
            in: directory)
        #expect(!run.timedOut && !run.signaled, "\(c): crashed or hung")
        #expect(Date().timeIntervalSince(started) < 20)
        let folder = directory.appendingPathComponent("out")
        if let error = c.error {
            #expect(run.status == 1, "\(c): \(run.standardError)")
            #expect(run.standardError.hasPrefix("s2s train: ") && run.standardError.contains(error), "\(c): \(run.standardError)")
            #expect(run.standardError.split(separator: "\n").count == 1, "\(c): \(run.standardError)")
            #expect(!FileManager.default.fileExists(atPath: folder.path), "\(c): created the output folder")
        } else {
            #expect(run.status == 0, "\(c): \(run.standardError)")
            let checkpoint = try Checkpoint.load(path: folder.appendingPathComponent("model.safetensors").path)
            for m in checkpoint.models {
                for token in m.sourceVocabulary.tokens + m.targetVocabulary.tokens {
                    #expect(!token.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{FEFF}" },
                            "\(c): vocabulary token \(token.debugDescription)")
                    #expect(token.count < 100, "\(c): a huge token reached the vocabulary")
                }
            }
            if let warning = c.warning {
                #expect(run.standardError.contains(warning), "\(c): \(run.standardError)")
            } else {
                #expect(run.standardError.isEmpty, "\(c): \(run.standardError)")
            }
        }
    }

    @Test(.enabled(if: ReliabilityBinary.isAvailable && getuid() != 0,
                   "needs the s2s executable and a non-root user (root reads any file)"))
    func unreadableCorpus() throws {
        let directory = try ReliabilityBinary.temporaryDirectory("unreadable")
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = directory.appendingPathComponent("c-en-fr.tsv")
        try Data(Self.good).write(to: corpus)
        chmod(corpus.path, 0)
        let run = try ReliabilityBinary.run(["train", "c-en-fr.tsv", "--output", "out/m.safetensors"], in: directory)
        #expect(run.status == 1)
        #expect(run.standardError == "s2s train: c-en-fr.tsv: cannot be read (permission denied)\n")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }

    @Test(.enabled(if: ReliabilityBinary.isAvailable, "the s2s executable is not in the build products directory"))
    func outputThatIsADirectory() throws {
        let directory = try ReliabilityBinary.temporaryDirectory("output")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.good).write(to: directory.appendingPathComponent("en-fr.tsv"))
        for output in [".", "out/", ""] {
            let run = try ReliabilityBinary.run(["train", "en-fr.tsv", "--embedding", "4", "--hidden", "4", "--output", output], in: directory)
            #expect(run.status == 1)
            #expect(run.standardError.hasPrefix("s2s train: --output \(output) names a directory"), "\(run.standardError)")
        }
        let resume = try ReliabilityBinary.run(["train", "en-fr.tsv", "--resume", "--output", "none.safetensors"], in: directory)
        #expect(resume.status == 1)
        #expect(resume.standardError.contains("--resume: there is no checkpoint to continue at none.safetensors"))
    }
}
