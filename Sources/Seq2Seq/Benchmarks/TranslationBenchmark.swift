import Dispatch

/// Measures translation latency with `Translator`: greedy and beam search, one sentence per
/// call and a whole list per call.
///
/// The model is freshly initialised (untrained), at the standard size, with the vocabularies of
/// the corpus: the time per decoder step does not depend on the weights, but an untrained model
/// rarely stops early, so it usually decodes up to the length limit (2·source + 4 tokens). The
/// results report the tokens produced, so they can be converted to per-token figures.
public enum TranslationBenchmark {
    /// One way of translating.
    public struct Result: Sendable, Codable {
        public let model: String
        /// "greedy" or "beam 5".
        public let search: String
        /// Whether all sentences went to `Translator.translate` in one call.
        public let batched: Bool
        public let sentences: Int
        public let millisecondsPerSentence: Double
        /// Output tokens per sentence (untrained models stop late; see the type comment).
        public let tokensPerSentence: Double
    }

    /// Times greedy and beam-5 translation of the first `sentences` source sentences of
    /// `corpus` with an untrained `kind` model (`embeddingSize` = `hiddenSize` = `size`).
    /// Batched greedy decoding, the bulk-translation case, is timed on `bulkSentences` sentences
    /// (the size of a test set) instead of `sentences`.
    public static func run(kind: ModelKind, corpus: ParallelCorpus, sentences: Int = 50, bulkSentences: Int = 1000,
                           size: Int = 256, maxPairs: Int = 0, beamSize: Int = 5) throws -> [Result] {
        var options = TrainingOptions()
        options.model = kind
        options.score = .general  // as the reference's luong model
        options.bidirectional = false
        options.embeddingSize = size
        options.hiddenSize = size
        options.maxPairs = maxPairs
        let direction = TranslationDirection(source: corpus.sourceLanguage, target: corpus.targetLanguage)
        options.directions = [direction]
        let data = DirectionData(corpus: corpus, direction: direction, options: options)
        var random = RandomGenerator(seed: 7)
        let configuration = options.configuration(sourceVocabularySize: data.sourceVocabulary.count,
                                                  targetVocabularySize: data.targetVocabulary.count)
        let model = DirectionalModel(direction: direction, sourceVocabulary: data.sourceVocabulary,
                                     targetVocabulary: data.targetVocabulary,
                                     model: try TranslationModel(configuration: configuration, random: &random),
                                     keepCase: false)
        let allTexts = (data.validation + data.training).map(\.sourceText)
        return run(model: model, texts: allTexts, sentences: sentences, bulkSentences: bulkSentences, beamSize: beamSize)
    }

    /// Times `model` (for example a trained one from a checkpoint) the same way on the first
    /// sentences of `texts` (source-language sentences).
    public static func run(model: DirectionalModel, texts allTexts: [String], sentences: Int = 50,
                           bulkSentences: Int = 1000, beamSize: Int = 5) -> [Result] {
        let kind = model.model.configuration.kind
        let texts = Array(allTexts.prefix(sentences)), bulk = Array(allTexts.prefix(max(sentences, bulkSentences)))
        var results: [Result] = []
        for beam in [1, beamSize] {
            var translationOptions = TranslationOptions()
            translationOptions.beamSize = beam
            let translator = Translator(model: model, options: translationOptions)
            _ = translator.translate(Array(texts.prefix(2)))  // warm-up (packing, buffers)
            for batched in [false, true] {
                let texts = batched && beam == 1 ? bulk : texts
                // The faster of two rounds: a round interrupted by another process is discarded.
                var tokens = 0, best = Double.infinity
                for _ in 0..<2 {
                    tokens = 0
                    let start = DispatchTime.now().uptimeNanoseconds
                    if batched {
                        tokens = translator.translate(texts).reduce(0) { $0 + ($1.first?.targetTokens.count ?? 0) }
                    } else {
                        for text in texts { tokens += translator.translate([text]).first?.first?.targetTokens.count ?? 0 }
                    }
                    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
                results.append(Result(model: kind.rawValue, search: beam == 1 ? "greedy" : "beam \(beam)", batched: batched,
                                      sentences: texts.count,
                                      millisecondsPerSentence: best * 1000 / Double(max(texts.count, 1)),
                                      tokensPerSentence: Double(tokens) / Double(max(texts.count, 1))))
            }
        }
        return results
    }
}
