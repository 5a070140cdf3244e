import Foundation
import Seq2Seq

/// `s2s align [TEXT]`: shows which source words the model attends to.
enum AlignCommand {
    static let spec = CommandSpec(
        name: "align",
        abstract: "Show the attention alignment between a sentence and its translation.",
        discussion: """
            Translates the sentence (or, with --reference, forces the given translation) and \
            prints for every output word the attention weights over the source words.
            """,
        arguments: [
            ArgumentSpec(
                "text", .optional, help: "The source sentence; read from standard input when absent."),
        ],
        options: [
            .string(
                "reference", help: "Translation to align with instead of the model's own output.",
                valueName: "text"),
            SharedOptions.checkpoint,
            SharedOptions.from,
            SharedOptions.to,
            .choice(
                "format", ["text", "pharaoh", "json", "svg"], default: "text",
                help: "Output: a text heat map, Pharaoh links (i-j), JSON with every weight, "
                    + "or an SVG heat map."),
            .path("output", short: "o", help: "File to write instead of standard output; required for svg."),
            .flag("numbers", help: "Print the weights as numbers in the text heat map."),
            .double(
                "threshold", range: .openClosed(0, 1),
                help: "Keep only links whose weight is at least this; by default each target word "
                    + "links to its strongest source word."),
            // Without --reference, align shows the attention of the translation `translate` prints.
            SharedOptions.beam(
                default: SharedOptions.defaultBeamWidth,
                help: "Beam width for the translation when no --reference is given."),
        ],
        validate: { arguments in
            if try arguments.choice("format") == "svg" && !arguments.isGiven("output") {
                throw CommandLineUsageError.invalidCombination("'--format svg' needs '--output <path>'")
            }
        })

    static func run(_ arguments: ParsedArguments) throws {
        let path = try CheckpointLocator.locate(explicit: arguments.optionalString("checkpoint"))
        let checkpoint = try Checkpoint.load(path: path, optimizerState: false)
        let from = try arguments.optionalChoice("from", as: Language.self)
        let to = try arguments.optionalChoice("to", as: Language.self)
        if checkpoint.models.allSatisfy({ $0.model.configuration.kind == .lstm }) {
            throw CommandExit(status: 1, message: "\(path) is an lstm baseline without attention: there is no alignment to show")
        }
        // (source, reference) pairs: from the arguments, from stdin, or the checkpoint's samples.
        var pairs: [(String, String?)] = []
        if let text = arguments.optionalString("text") {
            pairs = [(text, arguments.optionalString("reference"))]
        } else if standardInputIsTerminal {
            pairs = checkpoint.samples.filter { sample in
                from == nil || sample.direction.hasPrefix(from!.rawValue)
            }.prefix(4).map { ($0.source, $0.target) }
            printError("no input given: showing \(pairs.count) validation pairs kept in \(path)")
        } else {
            for (number, line) in readStandardInput().enumerated() where !line.allSatisfy(\.isWhitespace) {
                // Empty columns are kept: in "\tla maison" the source is empty, not "la maison".
                let columns = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard !columns[0].allSatisfy(\.isWhitespace) else {
                    throw CommandExit(status: 1, message: "line \(number + 1) of standard input: the source sentence before the tab is empty")
                }
                pairs.append((columns[0], columns.count > 1 ? columns[1] : nil))
            }
            guard !pairs.isEmpty else {
                throw CommandExit(status: 1, message: "nothing to align: standard input holds no sentence")
            }
        }
        var options = TranslationOptions()
        options.beamSize = try arguments.int("beam")
        // Attention costs grow with the product of the lengths; far beyond the training
        // length the weights mean little anyway.
        let maxTokens = 4 * (checkpoint.state.recipe?.maxLength ?? TrainingOptions().maxLength)
        var alignments: [AttentionAlignment] = []
        for (source, reference) in pairs {
            let model = try checkpoint.model(forText: source, from: from, to: to)
            alignments.append(try align(source: source, reference: reference, model: model, options: options, maxTokens: maxTokens))
        }
        let threshold = arguments.optionalDouble("threshold").map(Float.init)
        let output: String
        switch try arguments.choice("format") {
        case "pharaoh": output = PharaohAlignmentRenderer(threshold: threshold).render(alignments)
        case "json": output = AlignmentJSONRenderer(threshold: threshold).render(alignments)
        case "svg": output = AlignmentSVGRenderer(title: "Attention weights (\((path as NSString).lastPathComponent))").render(alignments)
        default:
            let color = arguments.isGiven("output") ? false : TerminalCapabilities.shouldUseColorOnStandardOutput()
            output = AlignmentTextRenderer(numbers: arguments.flag("numbers"), color: color).render(alignments)
        }
        if let file = arguments.optionalString("output") {
            try writeFile(output.hasSuffix("\n") ? output : output + "\n", to: file)
            printError("wrote \(file)")
        } else {
            print(output)
        }
    }

    /// The attention of `model` translating `source`, or forced to produce `reference`.
    /// Sentences of more than `maxTokens` tokens (source or reference) are refused.
    static func align(source: String, reference: String?, model: DirectionalModel, options: TranslationOptions,
                      maxTokens: Int = .max) throws -> AttentionAlignment {
        guard model.model.configuration.kind != .lstm else {
            throw CommandExit(status: 1, message: "the \(model.direction) model is an lstm baseline without attention")
        }
        let sourceTokens = Tokenizer(language: model.direction.source, keepCase: model.keepCase).tokenize(source)
        guard !sourceTokens.isEmpty else { throw CommandExit(status: 1, message: "nothing to align: the source is empty") }
        func ensureShort(_ tokens: [String], _ what: String) throws {
            guard tokens.count <= maxTokens else {
                throw CommandExit(status: 1, message: "the \(what) has \(tokens.count) tokens; align handles at most \(maxTokens) "
                                  + "(4 times the training maximum): align a shorter sentence")
            }
        }
        try ensureShort(sourceTokens, "source")
        if let reference {
            let targetTokens = Tokenizer(language: model.direction.target, keepCase: model.keepCase).tokenize(reference)
            guard !targetTokens.isEmpty else { throw CommandExit(status: 1, message: "nothing to align: the reference is empty") }
            try ensureShort(targetTokens, "reference")
            let weights = ForcedAlignment.attention(model: model.model, source: model.encodeSource(sourceTokens),
                                                    target: model.targetVocabulary.encode(targetTokens)) ?? []
            return try AttentionAlignment(sourceTokens: sourceTokens + ["</s>"], targetTokens: targetTokens + ["</s>"], weights: weights)
        }
        guard let translation = Translator(model: model, options: options).translate([source]).first?.first else {
            throw CommandExit(status: 1, message: "nothing to align: the source is empty")
        }
        return try TranslateCommand.alignment(of: translation)
    }
}
