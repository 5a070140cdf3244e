import Seq2Seq

/// `s2s translate [TEXT...]`: translates sentences with a trained model.
enum TranslateCommand {
    static let spec = CommandSpec(
        name: "translate",
        abstract: "Translate sentences with a trained model.",
        discussion: """
            Each argument is translated as one sentence. Without arguments, standard input \
            is read and every line is translated.
            """,
        arguments: [
            ArgumentSpec("text", .variadic, help: "The sentence to translate (words are joined); without it, one sentence per line is read from standard input."),
        ],
        options: [
            SharedOptions.checkpoint,
            SharedOptions.from,
            SharedOptions.to,
            SharedOptions.beam(default: 5, help: "Beam width; 1 decodes greedily."),
            .choice(
                "length-penalty", ["gnmt", "average", "none"], default: "gnmt",
                help: "How beam scores are normalised for length: the GNMT penalty "
                    + "((5 + length) / 6)^alpha, the mean log-probability per word, or not at all.",
                valueName: "penalty"),
            .double(
                "alpha", default: 0.6, range: .closed(0, 5),
                help: "Strength of the GNMT length penalty."),
            .double(
                "max-length-ratio", default: 2.0, range: .greaterThan(0),
                help: "Stop a translation at this many times the length of its source.",
                valueName: "ratio"),
            .integer(
                "n-best", default: 1, range: .closed(1, 100),
                help: "Print the best N translations of the beam, with their scores.", valueName: "n"),
            .flag(
                "replace-unk", invertible: true, default: true,
                help: "Replace each <unk> in the output by the source word it attends to most."),
            .flag("show-attention", help: "Print the attention weights after each translation."),
            SharedOptions.threads,
        ])

    static func run(_ arguments: ParsedArguments) throws {
        WorkerPool.shared.threadCount = try arguments.int("threads")
        let path = try CheckpointLocator.locate(explicit: arguments.optionalString("checkpoint"))
        let checkpoint = try Checkpoint.load(path: path)
        let options = try translationOptions(arguments)
        let from = try arguments.optionalChoice("from", as: Language.self)
        let to = try arguments.optionalChoice("to", as: Language.self)
        let words = arguments.strings("text")
        let fromArguments = !words.isEmpty
        let lines = fromArguments ? [words.joined(separator: " ")] : readStandardInput()
        if fromArguments && lines[0].allSatisfy(\.isWhitespace) {
            throw CommandLineUsageError.invalidCombination("the text to translate is empty")
        }
        let showAttention = arguments.flag("show-attention")
        let color = TerminalCapabilities.shouldUseColorOnStandardOutput()

        // Lines are grouped by the model that reads them, translated in batches, and printed
        // in input order.
        var groups: [String: (model: DirectionalModel, lines: [Int])] = [:]
        for (i, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            let model = try checkpoint.model(forText: line, from: from, to: to)
            groups[model.direction.description, default: (model, [])].lines.append(i)
        }
        var results = [[Translation]](repeating: [], count: lines.count)
        for (_, group) in groups.sorted(by: { $0.key < $1.key }) {
            let out = Translator(model: group.model, options: options).translate(group.lines.map { lines[$0] })
            for (k, i) in group.lines.enumerated() { results[i] = out[k] }
        }
        for (i, translations) in results.enumerated() {
            if translations.isEmpty { print(""); continue }
            if options.nBest > 1 {
                for t in translations { print("\(i) ||| \(t.text) ||| \(String(format: "%.4f", t.score))") }
            } else {
                print(translations[0].text)
            }
            if showAttention, let t = translations.first {
                if let alignment = try? alignment(of: t) {
                    print(AlignmentTextRenderer(numbers: false, color: color).render(alignment))
                } else {
                    printError("note: this model has no attention to show")
                }
            }
        }
    }

    /// The search settings from the command line.
    static func translationOptions(_ arguments: ParsedArguments) throws -> TranslationOptions {
        var options = TranslationOptions()
        options.beamSize = try arguments.int("beam")
        options.nBest = try arguments.int("n-best")
        options.maxLengthRatio = try arguments.double("max-length-ratio")
        options.replaceUnknown = arguments.flag("replace-unk")
        let alpha = Float(try arguments.double("alpha"))
        switch try arguments.choice("length-penalty") {
        case "average": options.lengthPenalty = .average
        case "none": options.lengthPenalty = .none
        default: options.lengthPenalty = .gnmt(alpha: alpha)
        }
        if options.nBest > options.beamSize && arguments.isGiven("beam") {
            throw CommandLineUsageError.invalidCombination("--n-best \(options.nBest) needs --beam of at least \(options.nBest)")
        }
        return options
    }

    /// The attention of a translation as an alignment over its tokens (rows: target words and `</s>`).
    static func alignment(of t: Translation) throws -> AttentionAlignment {
        try AttentionAlignment(sourceTokens: t.sourceTokens, targetTokens: t.targetTokens + ["</s>"], weights: t.attention)
    }
}
