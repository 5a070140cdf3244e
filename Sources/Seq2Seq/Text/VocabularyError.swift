/// A vocabulary restored from saved tokens does not have the expected layout.
public enum VocabularyError: Error, CustomStringConvertible, Equatable {
    case missingSpecialTokens(found: Int)
    case misplacedSpecialToken(id: Int, expected: String, found: String)
    case emptyToken(id: Int)
    case duplicateToken(String, firstID: Int, secondID: Int)

    public var description: String {
        switch self {
        case .missingSpecialTokens(let found):
            return "vocabulary has \(found) tokens, fewer than the \(Vocabulary.specialTokens.count) special tokens"
        case .misplacedSpecialToken(let id, let expected, let found):
            return "vocabulary id \(id) should be the special token \(expected) but is \(found)"
        case .emptyToken(let id):
            return "vocabulary id \(id) is an empty token"
        case .duplicateToken(let token, let firstID, let secondID):
            return "vocabulary token \(token) appears twice (ids \(firstID) and \(secondID))"
        }
    }
}
