/// The attention a model pays while it is forced to produce a given target (teacher forcing),
/// for `s2s align --reference` and alignment-error evaluation.
public enum ForcedAlignment {
    /// Attention rows for each target token and the final `</s>` (`[T+1][S]`), where the source
    /// ids end with `</s>`. Nil for the `lstm` baseline, which has no attention.
    public static func attention(model: TranslationModel, source: [Int32], target: [Int32]) -> [[Float]]? {
        guard model.configuration.kind != .lstm else { return nil }
        let batch = Batch(sources: [source], targets: [target])
        var random = RandomGenerator(seed: 0)
        _ = model.evaluate(batch: batch, random: &random)
        guard let weights = model.decoder.attentionWeights else { return nil }
        let S = batch.sourceLength
        return (0..<batch.targetLength).map { t in Array(UnsafeBufferPointer(start: weights.pointer + t * S, count: S)) }
    }
}
