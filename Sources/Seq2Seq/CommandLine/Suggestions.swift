/// The candidate closest to `word` by edit distance, if it is close enough to be a plausible
/// typo: a third of the word's length in edits, at least one and at most three.
func closestSpelling(to word: String, among candidates: [String]) -> String? {
    let allowed = min(3, max(1, word.count / 3))
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let distance = spellingDistance(word, candidate)
        if distance <= allowed && distance < (best?.distance ?? .max) {
            best = (candidate, distance)
        }
    }
    return best?.candidate
}

/// Levenshtein distance with adjacent transpositions counted as one edit, since swapped
/// letters are the most common typing mistake.
func spellingDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousRow = [Int](repeating: 0, count: b.count + 1)
    var row = Array(0...b.count)
    var beforePrevious = row
    for i in 1...a.count {
        beforePrevious = previousRow
        previousRow = row
        row[0] = i
        for j in 1...b.count {
            let substitution = previousRow[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            var best = min(previousRow[j] + 1, row[j - 1] + 1, substitution)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = min(best, beforePrevious[j - 2] + 1)
            }
            row[j] = best
        }
    }
    return row[b.count]
}
