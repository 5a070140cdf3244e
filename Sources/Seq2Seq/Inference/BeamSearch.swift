/// Beam search over one source sentence (Sutskever et al. 2014; length normalisation as in
/// GNMT). The beam's hypotheses are decoded together as the rows of one `DecoderState`.
public enum BeamSearch {
    /// The `nBest` best complete hypotheses, best first. `weightsPacked: true` skips packing
    /// the weights (after `model.packForInference()`).
    public static func decode(model: TranslationModel, source: [Int32], beamSize: Int, maxLength: Int,
                              lengthPenalty: LengthPenalty, nBest: Int = 1, weightsPacked: Bool = false) -> [Hypothesis] {
        let batch = Batch(sources: [source])
        var random = RandomGenerator(seed: 0)
        model.encoder.forward(source: batch.source, lengths: batch.sourceLengths, sourceLength: batch.sourceLength,
                              training: false, packWeights: !weightsPacked, random: &random)
        let state = model.decoder.initialState(encoder: model.encoder, lengths: batch.sourceLengths,
                                               sourceLength: batch.sourceLength, packWeights: !weightsPacked)
        let V = model.configuration.targetVocabularySize, S = batch.sourceLength
        let hasAttention = model.configuration.kind != .lstm
        let K = max(beamSize, 1), wanted = max(nBest, 1)
        var beams = [Hypothesis(tokens: [], logProbability: 0, score: 0, attention: [])]
        var finished: [Hypothesis] = []
        let logProbabilities = FloatBuffer(), weights = FloatBuffer()
        for step in 0..<max(maxLength, 1) {
            let tokens = beams.map { $0.tokens.last ?? Int32(Vocabulary.start) }
            model.decoder.step(state, tokens: tokens, logProbabilities: logProbabilities, attentionWeights: hasAttention ? weights : nil)
            // Each beam proposes its K best continuations; the K best overall survive.
            var candidates: [(row: Int, token: Int, logProbability: Float)] = []
            for r in beams.indices {
                let row = logProbabilities.pointer + r * V
                for (token, lp) in topK(row, count: V, k: K) {
                    candidates.append((r, token, beams[r].logProbability + lp))
                }
            }
            candidates.sort { $0.logProbability != $1.logProbability ? $0.logProbability > $1.logProbability : ($0.row, $0.token) < ($1.row, $1.token) }
            var next: [Hypothesis] = [], rows: [Int] = []
            let lastStep = step == maxLength - 1
            for c in candidates {
                var h = beams[c.row]
                h.logProbability = c.logProbability
                if hasAttention { h.attention.append(Array(UnsafeBufferPointer(start: weights.pointer + c.row * S, count: S))) }
                if c.token == Int(Vocabulary.end) || lastStep {
                    h.score = lengthPenalty.score(logProbability: h.logProbability, length: h.tokens.count + 1)
                    finished.append(h)
                } else {
                    h.tokens.append(Int32(c.token))
                    next.append(h); rows.append(c.row)
                }
                if next.count == K { break }
            }
            if finished.count >= max(K, wanted) || next.isEmpty { break }
            // Stop once no open hypothesis can still beat the best finished one: log-probabilities
            // only fall, and the length penalty can at most divide by the longest length's factor.
            if let best = finished.map(\.score).max(), let bestOpen = next.map(\.logProbability).max(),
               lengthPenalty.score(logProbability: bestOpen, length: maxLength) < best, finished.count >= wanted {
                break
            }
            state.select(rows)
            beams = next
        }
        if finished.isEmpty { finished = beams }
        finished.sort { $0.score > $1.score }
        return Array(finished.prefix(wanted))
    }

    /// The `k` largest entries of `values` as (index, value), best first; ignores `<pad>` and `<s>`.
    static func topK(_ values: UnsafePointer<Float>, count: Int, k: Int) -> [(Int, Float)] {
        var best: [(Int, Float)] = []
        best.reserveCapacity(k + 1)
        var threshold = -Float.infinity
        for j in 0..<count where j != Int(Vocabulary.pad) && j != Int(Vocabulary.start) {
            let v = values[j]
            if best.count < k || v > threshold {
                var i = best.count
                best.append((j, v))
                while i > 0 && best[i - 1].1 < v { best[i] = best[i - 1]; i -= 1 }
                best[i] = (j, v)
                if best.count > k { best.removeLast() }
                threshold = best.last!.1
            }
        }
        return best
    }
}
