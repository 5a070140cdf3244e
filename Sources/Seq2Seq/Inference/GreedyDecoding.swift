/// Greedy decoding of a batch of sentences: at each step every unfinished row takes its most
/// probable token. Rows are decoded together so the per-step GEMMs stay wide.
public enum GreedyDecoding {
    /// Decodes each source (ids ending with `</s>`) for at most `maxLength(sourceLength)` tokens.
    public static func decode(model: TranslationModel, sources: [[Int32]], maxLength: (Int) -> Int) -> [Hypothesis] {
        guard !sources.isEmpty else { return [] }
        let batch = Batch(sources: sources)
        var random = RandomGenerator(seed: 0)
        model.encoder.forward(source: batch.source, lengths: batch.sourceLengths, sourceLength: batch.sourceLength,
                              training: false, random: &random)
        let state = model.decoder.initialState(encoder: model.encoder, lengths: batch.sourceLengths, sourceLength: batch.sourceLength)
        let V = model.configuration.targetVocabularySize, S = batch.sourceLength
        let limits = batch.sourceLengths.map(maxLength)
        var results = sources.map { _ in Hypothesis(tokens: [], logProbability: 0, score: 0, attention: []) }
        var active = Array(0..<sources.count)   // row r of the state decodes sentence active[r]
        var tokens = [Int32](repeating: Int32(Vocabulary.start), count: sources.count)
        let logProbabilities = FloatBuffer(), weights = FloatBuffer()
        let hasAttention = model.configuration.kind != .lstm
        var step = 0
        while !active.isEmpty {
            model.decoder.step(state, tokens: tokens, logProbabilities: logProbabilities, attentionWeights: hasAttention ? weights : nil)
            var keep: [Int] = [], next: [Int32] = []
            for (r, sentence) in active.enumerated() {
                let row = logProbabilities.pointer + r * V
                // `<pad>` and `<s>` are never outputs (beam search skips them the same way).
                var best = Int(Vocabulary.unknown)
                for j in 1..<V where j != Int(Vocabulary.start) && row[j] > row[best] { best = j }
                results[sentence].logProbability += row[best]
                // Rows are cut to this sentence's own source length (the batch pads to the longest).
                if hasAttention {
                    results[sentence].attention.append(Array(UnsafeBufferPointer(start: weights.pointer + r * S, count: batch.sourceLengths[sentence])))
                }
                if best == Int(Vocabulary.end) || step + 1 >= limits[sentence] { continue }
                results[sentence].tokens.append(Int32(best))
                keep.append(r); next.append(Int32(best))
            }
            if keep.count != active.count { state.select(keep); active = keep.map { active[$0] } }
            tokens = next
            step += 1
        }
        for i in results.indices { results[i].score = results[i].logProbability }
        return results
    }
}
