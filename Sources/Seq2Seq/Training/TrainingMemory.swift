import Foundation

/// A deliberately generous estimate of the memory a training run needs, checked before any
/// model is built: a configuration the machine cannot hold (say `--hidden 4096 --batch 4096`)
/// then stops at once with a one-line error instead of crashing, or being killed, part-way
/// through allocating it.
public enum TrainingMemory {
    /// The trainable scalars of a model of this configuration: what
    /// `TranslationModel.parameterCount` reports, without building the model.
    public static func parameterCount(_ c: ModelConfiguration) -> Int {
        let E = c.embeddingSize, H = c.hiddenSize, h = c.encoderDirectionSize
        var count = c.sourceVocabularySize * E
        for level in 0..<c.encoderLayers {
            let input = level == 0 ? E : H
            count += (c.bidirectional ? 2 : 1) * (4 * h * (input + h) + 4 * h)
        }
        let extra = c.kind == .lstm ? 0 : (c.kind == .bahdanau || c.inputFeeding ? H : 0)
        count += c.targetVocabularySize * E + 4 * H * (E + extra + H) + 4 * H
        if c.kind != .lstm {
            switch c.score {
            case .dot, .scaledDot: break
            case .general: count += H * H
            case .concat: count += 2 * H * H + 2 * H
            }
        }
        if c.kind == .luong { count += H * 2 * H }
        let features = c.kind == .bahdanau ? 2 * H : H
        return count + c.targetVocabularySize * (features + 1)
    }

    /// Bytes for one direction's model: every parameter six times (value, gradient, Adam's two
    /// moments, the GEMM's two packed copies) and the activations and gradients kept for a
    /// batch of `batchSize` sentence pairs of up to `maxLength` tokens: about twenty vectors of
    /// the larger of E and H per token of either side, and a row of logits per target token.
    public static func bytes(_ c: ModelConfiguration, batchSize: Int, maxLength: Int) -> Double {
        let width = Double(max(c.embeddingSize, c.hiddenSize))
        let tokens = Double(batchSize) * Double(maxLength + 1)
        let floats = 6 * Double(parameterCount(c)) + tokens * 2 * 20 * width + tokens * Double(c.targetVocabularySize)
        return 4 * floats
    }

    /// Throws when the models of `configurations` (one per direction, all in memory at once),
    /// trained on batches of `batchSize` pairs of sentences up to `maxLength` tokens, would need
    /// more than nine tenths of `available` bytes.
    public static func check(_ configurations: [ModelConfiguration], batchSize: Int, maxLength: Int,
                             available: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws {
        let needed = configurations.reduce(0) { $0 + bytes($1, batchSize: batchSize, maxLength: maxLength) }
        guard needed > 0.9 * available, let c = configurations.first else { return }
        func gib(_ bytes: Double) -> String { String(format: "%.1f GiB", bytes / Double(1 << 30)) }
        throw TrainingError("this configuration needs about \(gib(needed)) (hidden \(c.hiddenSize), "
                            + "embedding \(c.embeddingSize), batch \(batchSize), sentences up to \(maxLength) tokens), "
                            + "more than this machine's \(gib(available)) can hold; "
                            + "lower --hidden, --embedding, --batch or --max-length")
    }
}
