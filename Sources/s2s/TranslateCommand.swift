import Seq2Seq

/// `s2s translate [TEXT...]`: translates sentences with a trained model.
enum TranslateCommand {
    static let spec = CommandSpec(
        name: "translate",
        abstract: "Translate sentences with a trained model.",
        discussion: """
            Each argument is translated as one sentence. Without arguments, standard input \
            is read and every line is translated; blank lines give blank lines. A line longer \
            than the sentences the model was trained on is cut into pieces at punctuation \
            where possible, and the pieces' translations are joined (with a warning).
            """,
        arguments: [
            ArgumentSpec("text", .variadic, help: "The sentence to translate (words are joined); without it, one sentence per line is read from standard input."),
        ],
        options: [
            SharedOptions.checkpoint,
            SharedOptions.from,
            SharedOptions.to,
            SharedOptions.decodingBeam,
            SharedOptions.lengthPenalty,
            SharedOptions.alpha,
            .double(
                "max-length-ratio", default: 2.0, range: .openClosed(0, 10),
                help: "Stop a translation at this many times the length of its source.",
                valueName: "ratio"),
            .integer(
                "n-best", default: 1, range: .closed(1, 100),
                help: "Print the best N translations of the beam, with their scores.", valueName: "n"),
            SharedOptions.replaceUnknown,
            .flag("show-attention", help: "Print the attention weights after each translation."),
            SharedOptions.threads,
        ])

    static func run(_ arguments: ParsedArguments) throws {
        WorkerPool.shared.threadCount = try arguments.int("threads")
        let path = try CheckpointLocator.locate(explicit: arguments.optionalString("checkpoint"))
        let checkpoint = try Checkpoint.load(path: path, optimizerState: false)
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

        // Long lines are cut into pieces; the pieces are grouped by the model that reads them,
        // translated in batches, and put back together in input order.
        let maxTokens = checkpoint.state.recipe?.maxLength ?? TrainingOptions().maxLength
        var pieces: [[String]] = []
        var splitLines = 0, extraPieces = 0
        var groups: [String: (model: DirectionalModel, pieces: [(line: Int, piece: Int)])] = [:]
        for (i, line) in lines.enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { pieces.append([]); continue }
            let model = try checkpoint.model(forText: line, from: from, to: to)
            let cut = Self.pieces(of: line, language: model.direction.source, maxTokens: maxTokens)
            if cut.count > 1 { splitLines += 1; extraPieces += cut.count - 1 }
            pieces.append(cut)
            for k in cut.indices { groups[model.direction.description, default: (model, [])].pieces.append((i, k)) }
        }
        if splitLines > 0 {
            let lineText = fromArguments ? "the text" : "\(splitLines) line\(splitLines == 1 ? "" : "s")"
            printError("warning: \(lineText) longer than the \(maxTokens) tokens the model was trained on "
                       + "translated in \(splitLines + extraPieces) pieces")
        }
        var results = pieces.map { [[Translation]](repeating: [], count: $0.count) }
        for (_, group) in groups.sorted(by: { $0.key < $1.key }) {
            let out = Translator(model: group.model, options: options).translate(group.pieces.map { pieces[$0.line][$0.piece] })
            for (k, position) in group.pieces.enumerated() { results[position.line][position.piece] = out[k] }
        }
        for (i, translations) in results.enumerated() {
            let best = translations.compactMap(\.first)
            if best.isEmpty { print(""); continue }
            if translations.count > 1 {
                // A line in pieces has one translation: the pieces' best ones joined.
                let text = best.map(\.text).filter { !$0.isEmpty }.joined(separator: " ")
                if options.nBest > 1 {
                    print("\(i) ||| \(text) ||| \(String(format: "%.4f", best.map(\.score).reduce(0, +)))")
                } else {
                    print(text)
                }
            } else if options.nBest > 1 {
                for t in translations[0] { print("\(i) ||| \(t.text) ||| \(String(format: "%.4f", t.score))") }
            } else {
                print(best[0].text)
            }
            if showAttention {
                for t in best {
                    if let alignment = try? alignment(of: t) {
                        print(AlignmentTextRenderer(numbers: false, color: color).render(alignment))
                    } else {
                        printError("note: this model has no attention to show")
                        break
                    }
                }
            }
        }
    }

    /// The search settings from the command line.
    static func translationOptions(_ arguments: ParsedArguments) throws -> TranslationOptions {
        var options = try SharedOptions.decodingOptions(arguments)
        options.nBest = try arguments.int("n-best")
        options.maxLengthRatio = try arguments.double("max-length-ratio")
        if options.nBest > options.beamSize && arguments.isGiven("beam") {
            throw CommandLineUsageError.invalidCombination("--n-best \(options.nBest) needs --beam of at least \(options.nBest)")
        }
        return options
    }

    /// The attention of a translation as an alignment over its tokens (rows: target words and `</s>`).
    static func alignment(of t: Translation) throws -> AttentionAlignment {
        try AttentionAlignment(sourceTokens: t.sourceTokens, targetTokens: t.targetTokens + ["</s>"], weights: t.attention)
    }

    /// `line` itself when it has at most `maxTokens` tokens, else pieces of at most `maxTokens`
    /// tokens cut between words: after the last sentence end (`.`, `!`, `?`, `;`, `:`, `…`) that
    /// fits, else after the last comma, else before the word that does not fit. A single word of
    /// more tokens than that is a piece of its own.
    static func pieces(of line: String, language: Language, maxTokens: Int) -> [String] {
        let tokenizer = Tokenizer(language: language, keepCase: true)
        guard tokenizer.tokenize(line).count > maxTokens else { return [line] }
        let words = line.split(whereSeparator: \.isWhitespace)
        let counts = words.map { tokenizer.tokenize(String($0)).count }
        func isBreak(_ word: Substring, _ marks: String) -> Bool {
            // Closing quotes and brackets after the mark still end the sentence.
            guard let last = word.last(where: { !"\"'»”’)]".contains($0) }) else { return false }
            return marks.contains(last)
        }
        var pieces: [String] = []
        var start = 0, tokens = 0
        var strongBreak: Int? = nil, weakBreak: Int? = nil   // word indices after which to cut
        var index = 0
        while index < words.count {
            if tokens + counts[index] > maxTokens && index > start {
                let cut = (strongBreak ?? weakBreak ?? index - 1) + 1
                pieces.append(words[start..<cut].joined(separator: " "))
                start = cut
                tokens = 0
                strongBreak = nil
                weakBreak = nil
                index = start
                continue
            }
            tokens += counts[index]
            if isBreak(words[index], ".!?;:…") { strongBreak = index } else if isBreak(words[index], ",") { weakBreak = index }
            index += 1
        }
        if start < words.count { pieces.append(words[start...].joined(separator: " ")) }
        return pieces
    }
}
