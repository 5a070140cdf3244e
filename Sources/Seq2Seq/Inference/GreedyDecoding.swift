/// Greedy decoding of a batch of sentences: at each step every unfinished row takes its most
/// probable token. Rows are decoded together so the per-step GEMMs stay wide.
public enum GreedyDecoding {
    /// Decodes each source (ids ending with `</s>`) for at most `maxLength(sourceLength)` tokens.
    /// `weightsPacked: true` skips packing the weights (after `model.packForInference()`).
    public static func decode(model: TranslationModel, sources: [[Int32]], maxLength: (Int) -> Int,
                              weightsPacked: Bool = false) -> [Hypothesis] {
        guard !sources.isEmpty else { return [] }
        let batch = Batch(sources: sources)
        var random = RandomGenerator(seed: 0)
        model.encoder.forward(source: batch.source, lengths: batch.sourceLengths, sourceLength: batch.sourceLength,
                              training: false, packWeights: !weightsPacked, random: &random)
        let state = model.decoder.initialState(encoder: model.encoder, lengths: batch.sourceLengths,
                                               sourceLength: batch.sourceLength, packWeights: !weightsPacked)
        let V = model.configuration.targetVocabularySize, S = batch.sourceLength
        let limits = batch.sourceLengths.map(maxLength)
        var results = sources.map { _ in Hypothesis(tokens: [], logProbability: 0, score: 0, attention: []) }
        var active = Array(0..<sources.count)   // row r of the state decodes sentence active[r]
        var tokens = [Int32](repeating: Int32(Vocabulary.start), count: sources.count)
        let logProbabilities = FloatBuffer(), weights = FloatBuffer()
        let hasAttention = model.configuration.kind != .lstm
        var step = 0
        while !active.isEmpty {
            // Raw logits: the argmax is the same, and only the chosen token's log-probability
            // is needed, so the whole row is never normalised.
            model.decoder.step(state, tokens: tokens, logProbabilities: logProbabilities,
                               attentionWeights: hasAttention ? weights : nil, normalized: false)
            // Each row's choice and log-probability are two passes over V logits: split the
            // rows over the pool (the split does not change any row's arithmetic).
            let rows = active.count, logits = logProbabilities.pointer
            var chosen = [Int](repeating: 0, count: rows), chosenLog = [Float](repeating: 0, count: rows)
            chosen.withUnsafeMutableBufferPointer { chosen in
                chosenLog.withUnsafeMutableBufferPointer { chosenLog in
                    WorkerPool.shared.parallelFor(rangesOf: rows, parts: 4) { range in
                        for r in range {
                            let row = logits + r * V
                            chosen[r] = bestToken(row, count: V)
                            chosenLog[r] = row[chosen[r]] - SoftmaxCrossEntropy.logSumExp(row, count: V)
                        }
                    }
                }
            }
            var keep: [Int] = [], next: [Int32] = []
            for (r, sentence) in active.enumerated() {
                let best = chosen[r]
                results[sentence].logProbability += chosenLog[r]
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

    /// The first index of the largest of `row[0..<V]`, never `<pad>` or `<s>` (beam search
    /// skips them the same way), found with 16-lane maxima and one scan for the first match.
    public static func bestToken(_ row: UnsafeMutablePointer<Float>, count V: Int) -> Int {
        let pad = Int(Vocabulary.pad), start = Int(Vocabulary.start)
        let saved = (row[pad], row[start])
        row[pad] = -.infinity; row[start] = -.infinity
        defer { row[pad] = saved.0; row[start] = saved.1 }
        let maximum = SoftmaxCrossEntropy.maximumValue(row, V)
        guard maximum > -.infinity else { return Int(Vocabulary.unknown) }  // all −∞ or NaN
        typealias V16 = SIMD16<Float>
        let target = V16(repeating: maximum)
        var j = 0
        while j &+ 16 <= V {
            let match = UnsafeRawPointer(row + j).loadUnaligned(as: V16.self) .== target
            if any(match) { for lane in 0..<16 where match[lane] { return j &+ lane } }
            j &+= 16
        }
        while j < V, !(row[j] == maximum) { j &+= 1 }
        return j < V ? j : Int(Vocabulary.unknown)
    }
}
