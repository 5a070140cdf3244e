import Foundation
import Seq2Seq

/// `s2s info CHECKPOINT`: describes a checkpoint.
enum InfoCommand {
    static let spec = CommandSpec(
        name: "info",
        abstract: "Describe a checkpoint: architecture, sizes, vocabularies and training history.",
        arguments: [
            ArgumentSpec("checkpoint", help: "A .safetensors file written by 's2s train'."),
        ])

    static func run(_ arguments: ParsedArguments) throws {
        let path = try arguments.string("checkpoint")
        let checkpoint = try Checkpoint.load(path: path, optimizerState: false)
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        print("\(path)  (\(String(format: "%.1f", Double(size) / 1_048_576)) MiB, format version \(Checkpoint.formatVersion))")
        for m in checkpoint.models {
            let c = m.model.configuration
            print("\n\(m.direction)  \(c.summary)")
            print("  parameters    \(m.model.parameterCount.formatted())")
            print("  vocabulary    \(m.direction.source.rawValue) \(m.sourceVocabulary.count), \(m.direction.target.rawValue) \(m.targetVocabulary.count)\(m.keepCase ? " (case kept)" : " (lower-cased)")")
            print("  dropout       \(c.dropout)")
        }
        let s = checkpoint.state
        print("\ntraining: corpus \(s.corpus.isEmpty ? "?" : s.corpus), seed \(s.seed), \(s.epoch) epoch\(s.epoch == 1 ? "" : "s"), \(s.step) steps, "
              + "learning rate now \(s.learningRate), best epoch \(s.bestEpoch)")
        guard !s.history.isEmpty else { return }
        let directions = checkpoint.models.map(\.direction.description)
        var header = "epoch   time    tok/s      lr"
        for d in directions { header += "  | \(d): train  valid    ppl   BLEU" }
        print(header)
        for r in s.history {
            var line = String(format: "%5d %6@ %8.0f %7.5f", r.epoch, duration(r.seconds), r.targetTokensPerSecond, r.learningRate)
            for d in directions {
                line += String(format: "  |  %11.3f %6.3f %6.2f %6.2f", r.trainLoss[d] ?? .nan, r.validationLoss[d] ?? .nan,
                               r.validationPerplexity[d] ?? .nan, r.validationBLEU[d] ?? .nan)
            }
            print(line + (r.epoch == s.bestEpoch ? "  *" : ""))
        }
    }
}
