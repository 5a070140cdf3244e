/// Why a parallel corpus file could not be loaded. Each message is one line naming the file.
public enum ParallelCorpusError: Error, CustomStringConvertible, Equatable {
    case fileNotFound(path: String)
    case isDirectory(path: String)
    case unreadable(path: String, reason: String)
    case empty(path: String)
    case noValidPairs(path: String, malformedLines: Int)
    case unknownLanguages(path: String)
    /// A malformed line in strict mode.
    case malformedLine(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file"
        case .isDirectory(let path):
            return "\(path): is a directory, not a corpus file"
        case .unreadable(let path, let reason):
            return "\(path): cannot be read (\(reason))"
        case .empty(let path):
            return "\(path): the file is empty"
        case .noValidPairs(let path, let malformedLines):
            let detail = malformedLines > 0 ? " (\(malformedLines) malformed \(malformedLines == 1 ? "line" : "lines"))" : ""
            return "\(path): no valid sentence pair\(detail)"
        case .unknownLanguages(let path):
            let known = Language.allCases.map(\.rawValue).joined(separator: ", ")
            return "\(path): the file name does not name two known languages (like en-fr.tsv; known: \(known)); name them explicitly"
        case .malformedLine(let path, let line, let reason):
            return "\(path):\(line): \(reason)"
        }
    }
}
