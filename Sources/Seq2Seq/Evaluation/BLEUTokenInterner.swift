/// Interns BLEU tokens (code-point sequences) as dense 32-bit ids, so n-grams become fixed-size
/// values. Tokens are equal only when their code points are identical, as for Python strings
/// (Swift's `String` would also equate canonically equivalent spellings such as `é` and `e` + U+0301).
struct BLEUTokenInterner {
    private struct Key: Hashable {
        let scalars: [UInt32]

        func hash(into hasher: inout Hasher) {
            scalars.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private var ids: [Key: UInt32] = [:]

    /// The token ids of a line already tokenised by `Tokenizer13a.tokenizedScalars`.
    mutating func ids(ofTokenized line: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        Tokenizer13a.forEachToken(in: line) { token in
            let key = Key(scalars: Array(token))
            if let id = ids[key] {
                result.append(id)
            } else {
                let id = UInt32(ids.count)
                ids[key] = id
                result.append(id)
            }
        }
        return result
    }
}
