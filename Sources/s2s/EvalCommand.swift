import Foundation
import Seq2Seq

/// `s2s eval TEST`: scores checkpoints on a test set.
enum EvalCommand {
    static let spec = CommandSpec(
        name: "eval",
        abstract: "Measure the BLEU score of one or more models on a test set.",
        discussion: """
            Translates every test pair in the requested directions, searching as 'translate' \
            does (the same options and defaults), and reports corpus BLEU and chrF per \
            checkpoint; with --gold-alignments also the alignment error rate of the attention.
            """,
        arguments: [
            ArgumentSpec(
                "test", help: "Tab-separated test pairs (English, French), e.g. corpora/en-fr.test.tsv."),
        ],
        options: [
            .path(
                "checkpoint", repeatable: true,
                help: "A trained model to evaluate; repeat to compare several."),
            SharedOptions.direction,
            // The same decoding as `translate`, so that the scores are those of what it prints.
            SharedOptions.decodingBeam,
            SharedOptions.lengthPenalty,
            SharedOptions.alpha,
            SharedOptions.replaceUnknown,
            .flag("lowercase", help: "Lowercase translations and references before scoring."),
            .path("plot", help: "Write an SVG chart comparing the scores to this file.", valueName: "file.svg"),
            .path(
                "gold-alignments",
                help: "Hand-made word alignments (Pharaoh format) to compute the alignment error "
                    + "rate against.",
                valueName: "file"),
            SharedOptions.threads,
        ])

    static func run(_ arguments: ParsedArguments) throws {
        WorkerPool.shared.threadCount = try arguments.int("threads")
        let testPath = try arguments.string("test")
        let test = try ParallelCorpus.load(path: testPath)
        for warning in test.warnings { printError("warning: \(warning)") }
        var paths = arguments.strings("checkpoint")
        if paths.isEmpty { paths = [try CheckpointLocator.locate(explicit: nil)] }
        let checkpoints = try paths.map { try Checkpoint.load(path: $0, optimizerState: false) }
        let forward = TranslationDirection(source: test.sourceLanguage, target: test.targetLanguage)
        let directionChoice = try arguments.choice("direction")
        let directions = directionChoice == "both" ? [forward, forward.reversed] : [TranslationDirection(directionChoice)!]
        let lowercase = arguments.flag("lowercase")
        let options = try SharedOptions.decodingOptions(arguments)
        let names = uniqueNames(paths)

        for direction in directions {
            let flip = direction.source != test.sourceLanguage
            let sources = test.pairs.map { flip ? $0.target : $0.source }
            let references = test.pairs.map { flip ? $0.source : $0.target }
            let tokenizer = Tokenizer(language: direction.source)
            let sourceLengths = sources.map { tokenizer.tokenize($0).count }
            var systems: [SystemTranslations] = []
            print("\(direction) on \(testPath): \(test.pairs.count) sentences, \(describe(options))\(lowercase ? ", lowercased" : "")")
            for (k, checkpoint) in checkpoints.enumerated() {
                guard let model = checkpoint.model(for: direction) else {
                    printError("note: \(paths[k]) has no \(direction) model (it has \(checkpoint.directionList)); skipped")
                    continue
                }
                let started = ContinuousClock.now
                let hypotheses = Translator(model: model, options: options).translate(sources).map { $0.first?.text ?? "" }
                let seconds = (ContinuousClock.now - started).seconds
                let bleu = BLEU.corpusScore(hypotheses: hypotheses, references: references, lowercase: lowercase)
                let chrf = ChrF.corpusScore(hypotheses: hypotheses, references: references, lowercase: lowercase)
                print("  \(names[k].padding(toLength: max(12, names[k].count), withPad: " ", startingAt: 0))  "
                      + String(format: "BLEU %5.2f  chrF %5.2f  (%.2f s, %.2f ms/sentence, %@)", bleu.score, chrf.score,
                               seconds, 1000 * seconds / Double(max(sources.count, 1)), model.model.configuration.summary))
                systems.append(SystemTranslations(name: names[k], hypotheses: hypotheses))
            }
            guard !systems.isEmpty else { continue }
            let report = try LengthBucketReport(sourceLengths: sourceLengths, references: references, systems: systems, lowercase: lowercase)
            print("")  // the table has its own heading; the direction heads this section
            print(report.table().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            print("")
            if let plot = arguments.optionalString("plot") {
                let file = directions.count > 1 ? insertSuffix("-\(direction)", into: plot) : plot
                try writeFile(report.svg(title: "BLEU by source length, \(direction)",
                                         subtitle: "\(testPath), \(describe(options))\(lowercase ? ", lowercased" : "")"),
                              to: file)
                printError("wrote \(file)")
            }
        }
        if let goldPath = arguments.optionalString("gold-alignments") {
            try alignmentError(goldPath: goldPath, test: test, direction: forward, checkpoints: checkpoints, names: names)
        }
    }

    /// Precision, recall and AER of argmax attention alignments under forced decoding of the
    /// references, against hand alignments of the test pairs (Pharaoh, source-target indices).
    static func alignmentError(goldPath: String, test: ParallelCorpus, direction: TranslationDirection,
                               checkpoints: [Checkpoint], names: [String]) throws {
        let text: String
        do { text = try String(contentsOfFile: goldPath, encoding: .utf8) }
        catch { throw CommandExit(status: 1, message: "\(goldPath): cannot read (\(error.localizedDescription))") }
        let gold = try PharaohAlignmentFormat.parseGold(text, file: goldPath)
        guard gold.count <= test.pairs.count else {
            throw CommandExit(status: 1, message: "\(goldPath): \(gold.count) alignments for \(test.pairs.count) test pairs")
        }
        print("alignment error (\(direction), \(gold.count) gold-aligned pairs, argmax of forced-decoding attention):")
        for (k, checkpoint) in checkpoints.enumerated() {
            guard let model = checkpoint.model(for: direction), model.model.configuration.kind != .lstm else { continue }
            let sourceTokenizer = Tokenizer(language: direction.source, keepCase: model.keepCase)
            let targetTokenizer = Tokenizer(language: direction.target, keepCase: model.keepCase)
            var predicted: [[(source: Int, target: Int)]] = []
            var targetWords = 0, attendedToEnd = 0
            for pair in test.pairs.prefix(gold.count) {
                let s = sourceTokenizer.tokenize(pair.source), t = targetTokenizer.tokenize(pair.target)
                targetWords += t.count
                let weights = ForcedAlignment.attention(model: model.model, source: model.encodeSource(s),
                                                        target: model.targetVocabulary.encode(t)) ?? []
                let alignment = try AttentionAlignment(sourceTokens: s + ["</s>"], targetTokens: t + ["</s>"], weights: weights)
                // `</s>` is not a word and gold files never mention it (their indices stop at the
                // last real token). `hardAlignment()` makes no link that touches it: the target
                // `</s>` row gives none, and a word attending most to the source `</s>` is linked
                // to its strongest source word instead.
                attendedToEnd += t.indices.filter { alignment.argmax(ofRow: $0) == s.count }.count
                predicted.append(alignment.hardAlignment())
            }
            let score = try AlignmentErrorRate.score(hardAlignments: predicted, gold: gold)
            print(String(format: "  %@  precision %.3f  recall %.3f  AER %.3f", names[k], score.precision, score.recall,
                         score.alignmentErrorRate)
                  + "  (|A| \(score.predicted), |S| \(score.sure), |P| \(score.possible); "
                  + "\(attendedToEnd) of \(targetWords) words attended most to </s>, linked to their next-strongest word)")
        }
    }

    /// The decoding settings in a few words: "beam 5, gnmt α 0.6, replace-unk".
    static func describe(_ options: TranslationOptions) -> String {
        let penalty: String
        switch options.lengthPenalty {
        case .none: penalty = "no length penalty"
        case .average: penalty = "average length penalty"
        case .gnmt(let alpha): penalty = "gnmt α " + String(format: "%g", Double(alpha))
        }
        let search = options.beamSize <= 1 ? "greedy" : "beam \(options.beamSize), \(penalty)"
        return search + (options.replaceUnknown ? ", replace-unk" : ", no replace-unk")
    }

    /// Short names for the checkpoints (file names, made unique).
    static func uniqueNames(_ paths: [String]) -> [String] {
        let base = paths.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        return base.enumerated().map { i, name in base.filter { $0 == name }.count > 1 ? paths[i] : name }
    }

    static func insertSuffix(_ suffix: String, into path: String) -> String {
        let ext = (path as NSString).pathExtension
        return ext.isEmpty ? path + suffix : (path as NSString).deletingPathExtension + suffix + "." + ext
    }
}

/// Writes text to a file atomically, with a one-line error naming the file.
func writeFile(_ text: String, to path: String) throws {
    do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) }
    catch { throw CommandExit(status: 1, message: "cannot write \(path): \(error.localizedDescription)") }
}
