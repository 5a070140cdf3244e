/// Why `CorpusBuilder.build` could not produce its files.
public enum CorpusBuilderError: Error, CustomStringConvertible, Equatable {
    case cannotWrite(path: String, reason: String)
    case nothingToWrite(sourcePath: String, candidates: Int)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            return "\(path): cannot be written (\(reason))"
        case .nothingToWrite(let sourcePath, let candidates):
            return "\(sourcePath): only \(candidates) pairs pass the length filter, too few for a training and a test set"
        }
    }
}
