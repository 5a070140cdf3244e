import Foundation
import Seq2Seq

/// Options that several commands declare identically.
enum SharedOptions {
    /// Cores the process may use: both the default and the upper limit of `--threads`.
    static let availableCores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    static let threads = OptionSpec.integer(
        "threads", default: availableCores, range: .closed(1, Double(availableCores)),
        help: "Worker threads for the numeric kernels.", defaultDescription: "number of cores")

    static let checkpoint = OptionSpec.path(
        "checkpoint", help: "The trained model (a .safetensors file written by 's2s train').")

    static let languages = ["en", "fr"]

    static let from = OptionSpec.choice(
        "from", languages,
        help: "Language of the input. Needed only when the checkpoint translates both ways.")

    static let to = OptionSpec.choice(
        "to", languages, help: "Language of the output; by default the other language.")

    static let direction = OptionSpec.choice(
        "direction", ["en-fr", "fr-en", "both"], default: "both",
        help: "Translation direction; 'both' covers English to French and French to English.")

    static func beam(default width: Int, help: String) -> OptionSpec {
        .integer("beam", default: width, range: .closed(1, 100), help: help)
    }
}
