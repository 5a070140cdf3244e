import Foundation
import Testing
import Seq2Seq

@Suite("ParallelCorpus")
struct ParallelCorpusTests {
    /// A fresh directory per test, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("s2s-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Writes `bytes` to `name` in a new temporary directory and loads it.
    static func load(_ bytes: [UInt8], name: String = "en-fr.tsv", strict: Bool = false,
                     languages: (source: Language, target: Language)? = nil) throws -> ParallelCorpus {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return try ParallelCorpus.load(path: file.path, strict: strict, languages: languages)
    }

    static func load(_ text: String, name: String = "en-fr.tsv", strict: Bool = false) throws -> ParallelCorpus {
        try load(Array(text.utf8), name: name, strict: strict)
    }

    @Test func readsPairsWithLanguagesFromTheFileName() throws {
        let corpus = try Self.load("Go.\tVa !\t\nHi.\tSalut !\t\n", name: "en-fr.test.tsv")
        #expect(corpus.sourceLanguage == .en)
        #expect(corpus.targetLanguage == .fr)
        #expect(corpus.pairs == [SentencePair(source: "Go.", target: "Va !", line: 1),
                                 SentencePair(source: "Hi.", target: "Salut !", line: 2)])
        #expect(corpus.warnings.isEmpty)
        #expect(try Self.load("Va !\tGo.", name: "fr-en.tsv").sourceLanguage == .fr)
        #expect(try Self.load("Go.\tVa !", name: "tatoeba-en-fr.tsv").targetLanguage == .fr)
    }

    @Test func toleratesBOMCRLFBlankLinesAndExtraColumns() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Run!\tCours\u{202F}!\r\n\r\n   \n\t\nWho?\tQui ?\tCC-BY 2.0\textra\r\nWow!".utf8)
            + [0x09] + Array("Ça alors !".utf8)
        let corpus = try Self.load(bytes)
        #expect(corpus.pairs.map(\.source) == ["Run!", "Who?", "Wow!"])
        #expect(corpus.pairs.map(\.target) == ["Cours\u{202F}!", "Qui ?", "Ça alors !"])
        #expect(corpus.pairs.map(\.line) == [1, 5, 6])
        #expect(corpus.warnings.isEmpty)
    }

    @Test func skipsMalformedLinesWithOneSummaryWarning() throws {
        var bytes = Array("Go.\tVa !\nno tab here\nHi.\t \u{A0}\n\tSalut !\nOK.\tD'accord.\n".utf8)
        bytes += Array("Bad\t".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let corpus = try Self.load(bytes)
        #expect(corpus.pairs.map(\.line) == [1, 5])
        #expect(corpus.malformedLineCount == 4)
        #expect(corpus.warnings.count == 1)
        #expect(corpus.warnings.first?.hasSuffix("en-fr.tsv: skipped 4 malformed lines (2, 3, 4, 6)") == true)
    }

    @Test func theWarningListsOnlyTheFirstFewLineNumbers() throws {
        let text = "Go.\tVa !\n" + String(repeating: "broken\n", count: 8)
        let corpus = try Self.load(text)
        #expect(corpus.warnings.first?.hasSuffix("skipped 8 malformed lines (2, 3, 4, 5, 6, …)") == true)
        #expect(try Self.load("Go.\tVa !\nbroken\n").warnings.first?.hasSuffix("skipped 1 malformed line (2)") == true)
    }

    @Test func strictModeThrowsAtTheFirstMalformedLine() throws {
        func strictError(_ bytes: [UInt8]) -> ParallelCorpusError? {
            do {
                _ = try Self.load(bytes, strict: true)
                return nil
            } catch {
                return error as? ParallelCorpusError
            }
        }
        let noTab = strictError(Array("Go.\tVa !\n\nno tab\nalso bad\n".utf8))
        guard case .malformedLine(let path, 3, let reason)? = noTab else {
            Issue.record("expected a malformed-line error at line 3, got \(String(describing: noTab))")
            return
        }
        #expect(reason.contains("tab"))
        #expect(noTab?.description == "\(path):3: \(reason)")
        #expect(path.hasSuffix("en-fr.tsv"))

        let emptySide = strictError(Array("Go.\tVa !\nHi.\t\u{202F}\n".utf8))
        #expect(emptySide?.description.hasSuffix("en-fr.tsv:2: empty French sentence") == true)
        let invalid = strictError(Array("Go.\t".utf8) + [0xFF] + Array("\n".utf8))
        #expect(invalid?.description.hasSuffix("en-fr.tsv:1: invalid UTF-8") == true)
    }

    @Test func fileErrorsNameThePath() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("en-fr.tsv").path
        #expect(throws: ParallelCorpusError.fileNotFound(path: missing)) {
            try ParallelCorpus.load(path: missing)
        }
        #expect(throws: ParallelCorpusError.isDirectory(path: directory.path)) {
            try ParallelCorpus.load(path: directory.path)
        }
        #expect(ParallelCorpusError.fileNotFound(path: missing).description == "\(missing): no such file")

        let empty = directory.appendingPathComponent("en-fr.empty.tsv")
        try Data().write(to: empty)
        #expect(throws: ParallelCorpusError.empty(path: empty.path)) {
            try ParallelCorpus.load(path: empty.path)
        }

        let allBad = directory.appendingPathComponent("en-fr.bad.tsv")
        try Data("no tab\n\nstill none\n".utf8).write(to: allBad)
        #expect(throws: ParallelCorpusError.noValidPairs(path: allBad.path, malformedLines: 2)) {
            try ParallelCorpus.load(path: allBad.path)
        }
    }

    @Test func theFileNameMustNameTwoLanguagesUnlessTheyAreGiven() throws {
        #expect(throws: ParallelCorpusError.self) { try Self.load("Go.\tVa !\n", name: "pairs.tsv") }
        #expect(throws: ParallelCorpusError.self) { try Self.load("Go.\tVa !\n", name: "en-en.tsv") }
        let given = try Self.load(Array("Go.\tVa !\n".utf8), name: "pairs.tsv", languages: (.en, .fr))
        #expect(given.sourceLanguage == .en && given.pairs.count == 1)
        #expect(ParallelCorpus.languages(fromFileName: "corpora/en-fr.test.tsv").map { [$0.source, $0.target] } == [.en, .fr])
        #expect(ParallelCorpus.languages(fromFileName: "data/english.tsv") == nil)
        // A prefix before the language pair, after a dot or a dash.
        #expect(ParallelCorpus.languages(fromFileName: "data/tatoeba.fr-en.tsv").map { [$0.source, $0.target] } == [.fr, .en])
        #expect(ParallelCorpus.languages(fromFileName: "tatoeba-en_fr.v2.tsv").map { [$0.source, $0.target] } == [.en, .fr])
        #expect(ParallelCorpus.languages(fromFileName: "en-en.tsv") == nil)
    }
}
