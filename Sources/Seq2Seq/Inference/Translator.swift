import Foundation

/// How `Translator` searches.
///
/// The defaults are those of `s2s translate`, `eval` and `align`, chosen by measuring BLEU, chrF
/// and time on the shipped test set (README.md, "How the defaults were chosen"): wider beams
/// gain nothing beyond the noise over beam 5, and unknown-word replacement adds about 3 BLEU
/// for no measurable time.
public struct TranslationOptions: Sendable {
    /// 1 = greedy decoding.
    public var beamSize = 5
    public var lengthPenalty: LengthPenalty = .gnmt(alpha: 0.6)
    /// Output length limit as a multiple of the source length (plus a small constant).
    public var maxLengthRatio = 2.0
    public var nBest = 1
    /// Replace each generated `<unk>` by the source word it attended to most (Luong et al. 2015).
    public var replaceUnknown = true
    public init() {}
}

/// One translation of one input sentence.
public struct Translation: Sendable {
    /// The source words as the user typed them (case kept), plus `</s>`.
    public var sourceTokens: [String]
    /// The output words (after unknown-word replacement), without `</s>`.
    public var targetTokens: [String]
    /// The detokenised, sentence-cased output.
    public var text: String
    public var score: Float
    public var logProbability: Float
    /// Rows = target tokens plus `</s>`, columns = `sourceTokens`. Empty for `lstm`.
    public var attention: [[Float]]
}

/// Tokenises, translates and detokenises text with one direction of a checkpoint.
///
/// It packs the model's weights once, when it is made, and decodes with that packing: make a
/// new translator after the weights change.
public struct Translator {
    public let model: DirectionalModel
    public let options: TranslationOptions

    /// Sentences decoded together by greedy search.
    /// (64, 128 and 256 measured the same within the noise on the test set.)
    static let greedyBatchSize = 64

    public init(model: DirectionalModel, options: TranslationOptions) {
        self.model = model
        self.options = options
        model.model.packForInference()
    }

    /// The `nBest` translations of each sentence, in input order. Empty lines give no translation.
    public func translate(_ sentences: [String]) -> [[Translation]] {
        let tokenizer = Tokenizer(language: model.direction.source, keepCase: model.keepCase)
        let casedTokenizer = Tokenizer(language: model.direction.source, keepCase: true)
        let tokens = sentences.map { tokenizer.tokenize($0) }
        let typed = sentences.enumerated().map { i, s -> [String] in
            let t = casedTokenizer.tokenize(s)
            return t.count == tokens[i].count ? t : tokens[i]
        }
        let sources = tokens.map { model.encodeSource($0) }
        let ratio = options.maxLengthRatio
        let limit: (Int) -> Int = { Int(ratio * Double($0)) + 4 }
        var hypotheses: [[Hypothesis]] = Array(repeating: [], count: sentences.count)
        let work = sources.indices.filter { !tokens[$0].isEmpty }
        if options.beamSize <= 1 && options.nBest <= 1 {
            // Sentences of similar length decode together: less padding in the encoder and the
            // attention, and rows finish at about the same step. Results go back by index.
            let order = work.sorted { (sources[$0].count, $0) < (sources[$1].count, $1) }
            let size = Self.greedyBatchSize
            for start in stride(from: 0, to: order.count, by: size) {
                let chunk = Array(order[start..<min(start + size, order.count)])
                let out = GreedyDecoding.decode(model: model.model, sources: chunk.map { sources[$0] }, maxLength: limit,
                                                weightsPacked: true)
                for (k, i) in chunk.enumerated() { hypotheses[i] = [out[k]] }
            }
        } else {
            for i in work {
                hypotheses[i] = BeamSearch.decode(model: model.model, source: sources[i], beamSize: max(options.beamSize, options.nBest),
                                                  maxLength: limit(sources[i].count), lengthPenalty: options.lengthPenalty,
                                                  nBest: options.nBest, weightsPacked: true)
            }
        }
        let detokenizer = Detokenizer(language: model.direction.target)
        return hypotheses.enumerated().map { i, list in
            list.map { h in
                let sourceWords = typed[i] + ["</s>"]
                var words = h.tokens.map { model.targetVocabulary.token(at: Int($0)) }
                if options.replaceUnknown {
                    for (t, id) in h.tokens.enumerated() where id == Int32(Vocabulary.unknown) && t < h.attention.count {
                        words[t] = sourceWords[Self.mostAttended(h.attention[t], excludingLast: true)]
                    }
                }
                return Translation(sourceTokens: sourceWords, targetTokens: words,
                                   text: detokenizer.detokenize(words, capitalize: true), score: h.score,
                                   logProbability: h.logProbability, attention: h.attention)
            }
        }
    }

    /// The column with the highest weight (ignoring the final `</s>` column when asked and
    /// possible).
    public static func mostAttended(_ row: [Float], excludingLast: Bool) -> Int {
        let n = excludingLast && row.count > 1 ? row.count - 1 : row.count
        var best = 0
        for j in 0..<n where row[j] > row[best] { best = j }
        return best
    }
}
