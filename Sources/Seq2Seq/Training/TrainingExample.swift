/// One sentence pair of a direction, encoded for its model.
public struct TrainingExample: Sendable {
    /// Source ids ending with `</s>`.
    public var source: [Int32]
    /// Target ids (no `<s>`/`</s>`; `Batch` adds them).
    public var target: [Int32]
    /// The raw source and reference text, for validation BLEU and alignment samples.
    public var sourceText: String
    public var referenceText: String
}

/// The corpus prepared for one direction: vocabularies and encoded splits.
public struct DirectionData {
    public var direction: TranslationDirection
    public var sourceVocabulary: Vocabulary
    public var targetVocabulary: Vocabulary
    public var training: [TrainingExample]
    public var validation: [TrainingExample]

    /// Tokenises `corpus` for `direction`, splits it deterministically and builds vocabularies
    /// from the training split only (or uses the given ones, when resuming).
    public init(corpus: ParallelCorpus, direction: TranslationDirection, options: TrainingOptions,
                vocabularies: (source: Vocabulary, target: Vocabulary)? = nil) {
        self.direction = direction
        let sourceTokenizer = Tokenizer(language: direction.source, keepCase: options.keepCase)
        let targetTokenizer = Tokenizer(language: direction.target, keepCase: options.keepCase)
        let flip = direction.source != corpus.sourceLanguage
        var trainingTokens: [([String], [String], String, String)] = []
        var validationTokens: [([String], [String], String, String)] = []
        for pair in corpus.pairs {
            let (sourceText, targetText) = flip ? (pair.target, pair.source) : (pair.source, pair.target)
            let s = sourceTokenizer.tokenize(sourceText), t = targetTokenizer.tokenize(targetText)
            guard !s.isEmpty, !t.isEmpty, s.count <= options.maxLength, t.count <= options.maxLength else { continue }
            // The split hashes the pair in corpus order, so both directions share one split.
            if CorpusSplit.isValidation(source: pair.source, target: pair.target, fraction: options.validationFraction) {
                validationTokens.append((s, t, sourceText, targetText))
            } else {
                trainingTokens.append((s, t, sourceText, targetText))
            }
            if options.maxPairs > 0 && trainingTokens.count + validationTokens.count >= options.maxPairs { break }
        }
        let maxSize = options.maxVocabulary > 0 ? options.maxVocabulary : nil
        sourceVocabulary = vocabularies?.source ?? Vocabulary(counting: trainingTokens.map(\.0), minCount: options.minCount, maxSize: maxSize)
        targetVocabulary = vocabularies?.target ?? Vocabulary(counting: trainingTokens.map(\.1), minCount: options.minCount, maxSize: maxSize)
        let sv = sourceVocabulary, tv = targetVocabulary
        func encode(_ e: ([String], [String], String, String)) -> TrainingExample {
            TrainingExample(source: sv.encode(e.0) + [Int32(Vocabulary.end)], target: tv.encode(e.1), sourceText: e.2, referenceText: e.3)
        }
        training = trainingTokens.map(encode)
        validation = validationTokens.map(encode)
    }
}
