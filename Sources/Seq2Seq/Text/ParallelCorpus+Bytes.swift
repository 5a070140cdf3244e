import Foundation

extension ParallelCorpus {
    /// Reads a corpus held in memory (standard input, a test, a fuzzer) exactly as `load(path:)`
    /// reads a file called `name`: the same parsing, the same tolerance, and errors and warnings
    /// that name `name`.
    ///
    /// The bytes go through a private temporary file (in `/dev/shm` when there is one), so the one
    /// file reader is the code that runs; the file is removed before returning.
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - name: the file name to report, and to take the languages from unless `languages` says.
    ///   - strict: throw at the first malformed line instead of skipping it.
    /// - Throws: `ParallelCorpusError`, as `load(path:)` (never `fileNotFound` or `isDirectory`).
    public static func load(bytes: UnsafeRawBufferPointer, name: String, strict: Bool = false,
                            languages: (source: Language, target: Language)? = nil) throws -> ParallelCorpus {
        guard let languages = languages ?? Self.languages(fromFileName: name) else {
            throw ParallelCorpusError.unknownLanguages(path: name)
        }
        // What `load(path:)` says of an empty file, without staging one: Foundation's
        // Data(contentsOf:) leaks its 4 KiB read buffer on an empty file (seen by LeakSanitizer).
        guard bytes.count > 0 else { throw ParallelCorpusError.empty(path: name) }
        var isDirectory: ObjCBool = false
        let shared = FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory) && isDirectory.boolValue
        let folder = shared ? "/dev/shm" : NSTemporaryDirectory()
        let temporary = (folder as NSString).appendingPathComponent("s2s-corpus-\(getpid())-\(UInt64.random(in: 0 ... .max)).tsv")
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw ParallelCorpusError.unreadable(path: name, reason: "cannot stage the bytes in \(folder)")
        }
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let corpus: ParallelCorpus
        do {
            corpus = try load(path: temporary, strict: strict, languages: languages)
        } catch let error as ParallelCorpusError {
            throw error.naming(name)
        }
        return ParallelCorpus(path: name, sourceLanguage: corpus.sourceLanguage, targetLanguage: corpus.targetLanguage,
                              pairs: corpus.pairs,
                              warnings: corpus.warnings.map { $0.hasPrefix(temporary) ? name + $0.dropFirst(temporary.count) : $0 },
                              malformedLineCount: corpus.malformedLineCount)
    }

    /// `load(bytes:name:strict:languages:)` for an array.
    public static func load(bytes: [UInt8], name: String, strict: Bool = false,
                            languages: (source: Language, target: Language)? = nil) throws -> ParallelCorpus {
        try bytes.withUnsafeBytes { try load(bytes: $0, name: name, strict: strict, languages: languages) }
    }
}

extension ParallelCorpusError {
    /// The same error about the file called `name`.
    fileprivate func naming(_ name: String) -> ParallelCorpusError {
        switch self {
        case .fileNotFound: return .fileNotFound(path: name)
        case .isDirectory: return .isDirectory(path: name)
        case .unreadable(_, let reason): return .unreadable(path: name, reason: reason)
        case .empty: return .empty(path: name)
        case .noValidPairs(_, let malformedLines): return .noValidPairs(path: name, malformedLines: malformedLines)
        case .unknownLanguages: return .unknownLanguages(path: name)
        case .malformedLine(_, let line, let reason): return .malformedLine(path: name, line: line, reason: reason)
        }
    }
}
