/// One line of a parallel corpus: a sentence and its translation, as raw text.
public struct SentencePair: Sendable, Equatable, Hashable {
    /// The sentence in the corpus's source language (first column), unnormalised.
    public var source: String
    /// Its translation in the target language (second column), unnormalised.
    public var target: String
    /// The 1-based line number in the file it came from (0 if it did not come from a file).
    public var line: Int

    public init(source: String, target: String, line: Int = 0) {
        self.source = source
        self.target = target
        self.line = line
    }
}
