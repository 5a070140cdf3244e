import Foundation

/// Sentence pairs read from a tab-separated file: `source<TAB>target[<TAB>anything]` per line,
/// UTF-8.
///
/// The languages come from the file name: `en-fr.tsv`, `en-fr.test.tsv` and
/// `tatoeba-en-fr.tsv` all mean English in column 1 and French in column 2.
///
/// Tolerated silently: a UTF-8 byte-order mark, CRLF line ends, blank lines, further columns.
/// Malformed lines — no tab, a side that is empty once white space is trimmed, invalid UTF-8 —
/// are skipped and summed up in a single warning; with `strict`, the first one is an error.
public struct ParallelCorpus: Sendable {
    /// The file the pairs came from.
    public let path: String
    /// The language of column 1.
    public let sourceLanguage: Language
    /// The language of column 2.
    public let targetLanguage: Language
    /// The valid pairs, in file order.
    public let pairs: [SentencePair]
    /// Human-readable notes about skipped lines (at most one, naming the file).
    public let warnings: [String]
    /// How many malformed lines were skipped.
    public let malformedLineCount: Int

    /// How many line numbers the skipped-lines warning lists before eliding the rest.
    public static let listedMalformedLines = 5

    public init(path: String, sourceLanguage: Language, targetLanguage: Language,
                pairs: [SentencePair], warnings: [String] = [], malformedLineCount: Int = 0) {
        self.path = path
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.pairs = pairs
        self.warnings = warnings
        self.malformedLineCount = malformedLineCount
    }

    /// Reads a corpus file.
    /// - Parameters:
    ///   - path: the TSV file.
    ///   - strict: throw at the first malformed line instead of skipping it.
    ///   - languages: the languages of columns 1 and 2, when the file name does not say.
    /// - Throws: `ParallelCorpusError` when the file is missing, a directory, unreadable,
    ///   empty, holds no valid pair, does not name its languages, or (strict) has a bad line.
    public static func load(path: String, strict: Bool = false,
                            languages: (source: Language, target: Language)? = nil) throws -> ParallelCorpus {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ParallelCorpusError.fileNotFound(path: path)
        }
        if isDirectory.boolValue {
            throw ParallelCorpusError.isDirectory(path: path)
        }
        guard let (sourceLanguage, targetLanguage) = languages ?? Self.languages(fromFileName: path) else {
            throw ParallelCorpusError.unknownLanguages(path: path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.isReadableFile(atPath: path) ? "read error" : "permission denied"
            throw ParallelCorpusError.unreadable(path: path, reason: reason)
        }
        if data.isEmpty {
            throw ParallelCorpusError.empty(path: path)
        }

        var parser = TSVParser(path: path, strict: strict,
                               sourceName: sourceLanguage.displayName, targetName: targetLanguage.displayName)
        try data.withUnsafeBytes { raw in
            try parser.parse(raw.bindMemory(to: UInt8.self))
        }
        if parser.pairs.isEmpty {
            throw ParallelCorpusError.noValidPairs(path: path, malformedLines: parser.malformedCount)
        }
        var warnings: [String] = []
        if parser.malformedCount > 0 {
            var listed = parser.malformedLines.map(String.init).joined(separator: ", ")
            if parser.malformedCount > parser.malformedLines.count { listed += ", …" }
            let noun = parser.malformedCount == 1 ? "line" : "lines"
            warnings.append("\(path): skipped \(parser.malformedCount) malformed \(noun) (\(listed))")
        }
        return ParallelCorpus(path: path, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
                              pairs: parser.pairs, warnings: warnings, malformedLineCount: parser.malformedCount)
    }

    /// The two languages a file name names, in order: `en-fr.test.tsv` → (en, fr).
    ///
    /// Each `.`-separated part of the name is split on `-` and `_`; the first part in which
    /// exactly two distinct language codes appear names them (`tatoeba-en-fr.tsv` and
    /// `tatoeba.en-fr.tsv` work, `data.tsv` does not).
    public static func languages(fromFileName path: String) -> (source: Language, target: Language)? {
        let fileName = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        for part in fileName.split(separator: ".") {
            let codes = part.split(whereSeparator: { $0 == "-" || $0 == "_" }).compactMap { Language(code: String($0)) }
            if codes.count == 2, codes[0] != codes[1] { return (codes[0], codes[1]) }
        }
        return nil
    }
}

/// Splits the file's bytes into lines and columns without creating a String per line.
private struct TSVParser {
    let path: String
    let strict: Bool
    let sourceName: String
    let targetName: String
    var pairs: [SentencePair] = []
    var malformedCount = 0
    var malformedLines: [Int] = []

    private static let newline: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D
    private static let tab: UInt8 = 0x09

    init(path: String, strict: Bool, sourceName: String, targetName: String) {
        self.path = path
        self.strict = strict
        self.sourceName = sourceName
        self.targetName = targetName
    }

    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let count = bytes.count
        var lineStart = 0
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            lineStart = 3
        }
        pairs.reserveCapacity(count / 48)
        var lineNumber = 0
        while lineStart < count {
            lineNumber += 1
            var newline = lineStart
            while newline < count, bytes[newline] != Self.newline { newline += 1 }
            var lineEnd = newline
            if lineEnd > lineStart, bytes[lineEnd - 1] == Self.carriageReturn { lineEnd -= 1 }
            try parseLine(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), number: lineNumber)
            lineStart = newline + 1
        }
    }

    private mutating func parseLine(_ line: UnsafeBufferPointer<UInt8>, number: Int) throws {
        if line.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) { return }
        guard let firstTab = line.firstIndex(of: Self.tab) else {
            return try malformed(number, "no tab between the two sentences")
        }
        let rest = line[(firstTab + 1)...]
        let secondTab = rest.firstIndex(of: Self.tab) ?? line.endIndex
        // A tab never falls inside a multi-byte sequence, so checking the columns one by
        // one is the same as checking the line.
        guard let source = String(validating: line[..<firstTab], as: UTF8.self),
              let target = String(validating: line[(firstTab + 1)..<secondTab], as: UTF8.self),
              secondTab == line.endIndex || String(validating: line[secondTab...], as: UTF8.self) != nil else {
            return try malformed(number, "invalid UTF-8")
        }
        if Self.isBlank(source) { return try malformed(number, "empty \(sourceName) sentence") }
        if Self.isBlank(target) { return try malformed(number, "empty \(targetName) sentence") }
        pairs.append(SentencePair(source: source, target: target, line: number))
    }

    private mutating func malformed(_ line: Int, _ reason: String) throws {
        if strict {
            throw ParallelCorpusError.malformedLine(path: path, line: line, reason: reason)
        }
        malformedCount += 1
        if malformedLines.count < ParallelCorpus.listedMalformedLines { malformedLines.append(line) }
    }

    private static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(TextNormalizer.isBlank)
    }
}
