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

    // MARK: Decoding
    //
    // `translate` and `eval` (and `align` when it translates) decode with the same options and
    // defaults, declared once here, so that `eval` measures exactly what `translate` prints.
    // The defaults were chosen by measuring BLEU, chrF and time on corpora/en-fr.test.tsv
    // (README.md, "How the defaults were chosen"). They equal those of `TranslationOptions()`,
    // from which `align` takes everything but the beam width.

    /// The default beam width of every command that translates.
    static let defaultBeamWidth = 5

    static let decodingBeam = beam(default: defaultBeamWidth, help: "Beam width; 1 decodes greedily.")

    static let lengthPenalty = OptionSpec.choice(
        "length-penalty", ["gnmt", "average", "none"], default: "gnmt",
        help: "How beam scores are normalised for length: the GNMT penalty "
            + "((5 + length) / 6)^alpha, the mean log-probability per word, or not at all.",
        valueName: "penalty")

    static let alpha = OptionSpec.double(
        "alpha", default: 0.6, range: .closed(0, 5),
        help: "Strength of the GNMT length penalty.")

    static let replaceUnknown = OptionSpec.flag(
        "replace-unk", invertible: true, default: true,
        help: "Replace each <unk> in the output by the source word it attends to most.")

    /// The search settings given by `decodingBeam`, `lengthPenalty`, `alpha` and `replaceUnknown`.
    static func decodingOptions(_ arguments: ParsedArguments) throws -> TranslationOptions {
        var options = TranslationOptions()
        options.beamSize = try arguments.int("beam")
        options.replaceUnknown = arguments.flag("replace-unk")
        let alpha = Float(try arguments.double("alpha"))
        switch try arguments.choice("length-penalty") {
        case "average": options.lengthPenalty = .average
        case "none": options.lengthPenalty = .none
        default: options.lengthPenalty = .gnmt(alpha: alpha)
        }
        return options
    }
}
