import Foundation
import Seq2Seq

/// `s2s train CORPUS`: trains a model and writes a checkpoint.
enum TrainCommand {
    static let spec = CommandSpec(
        name: "train",
        abstract: "Train a translation model on a corpus of sentence pairs.",
        discussion: """
            Builds the vocabularies, holds out a validation set, and trains with Adam, \
            reporting the training loss, the validation loss and BLEU after every epoch. \
            The output holds the best model so far (highest validation BLEU). The latest \
            state, when newer, is kept beside it as <name>.resume.safetensors: written after \
            every other epoch and when Ctrl-C or SIGTERM stops training after the current \
            step. --resume continues from the newer of the two, exactly as if the run had \
            not stopped (same seed and options).
            """,
        arguments: [
            ArgumentSpec(
                "corpus", help: "Tab-separated sentence pairs (English, French), e.g. corpora/en-fr.tsv."),
        ],
        options: [
            .choice(
                "model", ["lstm", "bahdanau", "luong"], default: "luong",
                help: "Architecture: an LSTM encoder-decoder without attention, with Bahdanau "
                    + "(additive) attention, or with Luong (multiplicative) attention."),
            .choice(
                "score", ["dot", "general", "concat", "scaled-dot"], default: "dot",
                help: "Luong attention score function; ignored by the other models."),
            .integer(
                "embedding", default: 256, range: .closed(1, 4096), help: "Size of the word embeddings."),
            .integer(
                "hidden", default: 256, range: .closed(1, 4096), help: "Size of the LSTM hidden state."),
            .integer(
                "layers", default: 1, range: .closed(1, 8),
                help: "Number of stacked LSTM layers in the encoder (the decoder has one)."),
            .flag(
                "bidirectional", invertible: true, default: true,
                help: "Read the source in both directions in the encoder (half the hidden size each way)."),
            .flag(
                "input-feeding", invertible: true, default: true,
                help: "Feed the previous attentional vector into the next decoder step (Luong)."),
            .double(
                "dropout", default: 0.2, range: .halfOpen(0, 1),
                help: "Probability of zeroing an activation during training."),
            .integer(
                "epochs", default: 6, range: .closed(1, 1000), help: "Passes over the training pairs (the default fits the shipped corpus in about 10 minutes on 2 cores)."),
            .integer(
                "batch", default: 64, range: .closed(1, 4096), help: "Sentence pairs per training step."),
            .double("lr", default: 0.003, range: .openClosed(0, 1), help: "Adam learning rate (halved whenever the validation loss stops improving)."),
            .double(
                "clip", default: 1, range: .closed(0.001, 1_000_000),
                help: "Largest allowed global gradient norm; larger gradients are scaled down."),
            .double(
                "label-smoothing", default: 0.1, range: .halfOpen(0, 1),
                help: "Share of probability spread over the whole vocabulary in the targets.",
                valueName: "amount"),
            .integer(
                "min-count", default: 2, range: .atLeast(1),
                help: "Words seen fewer times than this become <unk>.", valueName: "count"),
            .integer(
                "max-vocabulary", default: 0, range: .atLeast(0),
                help: "Keep at most this many of the most frequent words per language; 0 keeps all.",
                valueName: "words"),
            .integer(
                "max-pairs", default: 0, range: .atLeast(0),
                help: "Use at most this many pairs of the corpus; 0 uses all.", valueName: "pairs"),
            .integer(
                "max-length", default: 50, range: .atLeast(1),
                help: "Skip pairs with a sentence longer than this many tokens.", valueName: "tokens"),
            .double(
                "validation-fraction", default: 0.05, range: .openClosed(0, 0.5),
                help: "Share of the pairs held out to measure loss and BLEU after each epoch.",
                valueName: "fraction"),
            SharedOptions.direction,
            .integer(
                "seed", default: 1, range: .atLeast(0),
                help: "Seed of initialisation, shuffling and dropout: the same seed gives the same model."),
            SharedOptions.threads,
            .path(
                "output", short: "o",
                help: "Where to write the checkpoint.",
                defaultDescription: "checkpoints/<model>.safetensors"),
            .flag(
                "resume",
                help: "Continue the run saved at the output path (or in its .resume snapshot); "
                    + "options not given again are those of that run."),
            .flag("strict", help: "Stop at the first malformed corpus line instead of skipping it."),
            .flag("keep-case", help: "Keep the letter case of the corpus instead of lowercasing."),
        ])

    static func run(_ arguments: ParsedArguments) throws {
        let corpusPath = try arguments.string("corpus")
        var options = TrainingOptions()
        options.model = try arguments.choice("model", as: ModelKind.self)
        options.score = try arguments.choice("score", as: AttentionScore.self)
        options.embeddingSize = try arguments.int("embedding")
        options.hiddenSize = try arguments.int("hidden")
        options.layers = try arguments.int("layers")
        options.bidirectional = arguments.flag("bidirectional")
        options.inputFeeding = arguments.flag("input-feeding")
        options.dropout = Float(try arguments.double("dropout"))
        options.epochs = try arguments.int("epochs")
        options.batchSize = try arguments.int("batch")
        options.learningRate = Float(try arguments.double("lr"))
        options.clip = Float(try arguments.double("clip"))
        options.labelSmoothing = Float(try arguments.double("label-smoothing"))
        options.minCount = try arguments.int("min-count")
        options.maxVocabulary = try arguments.int("max-vocabulary")
        options.maxPairs = try arguments.int("max-pairs")
        options.maxLength = try arguments.int("max-length")
        options.validationFraction = try arguments.double("validation-fraction")
        options.seed = UInt64(try arguments.int("seed"))
        options.threads = try arguments.int("threads")
        options.keepCase = arguments.flag("keep-case")
        options.strict = arguments.flag("strict")
        options.outputPath = arguments.optionalString("output") ?? "checkpoints/\(options.model.rawValue).safetensors"
        if options.bidirectional && options.hiddenSize % 2 != 0 {
            throw CommandLineUsageError.invalidCombination("--bidirectional needs an even --hidden (each direction gets half)")
        }
        WorkerPool.shared.threadCount = options.threads

        let corpus = try ParallelCorpus.load(path: corpusPath, strict: options.strict)
        for warning in corpus.warnings { printError("warning: \(warning)") }
        let forward = TranslationDirection(source: corpus.sourceLanguage, target: corpus.targetLanguage)
        switch try arguments.choice("direction") {
        case "both": options.directions = [forward, forward.reversed]
        case let text:
            guard let d = TranslationDirection(text), Set([d.source, d.target]) == Set([forward.source, forward.target]) else {
                throw TrainingError("--direction \(text) does not match the corpus languages \(forward)")
            }
            options.directions = [d]
        }

        let resumeFile = resumePath(options.outputPath)
        var resume: Checkpoint? = nil
        if arguments.flag("resume") {
            let path = try newestCheckpoint(output: options.outputPath, resume: resumeFile)
            let checkpoint = try Checkpoint.load(path: path)
            if let recipe = checkpoint.state.recipe {
                options = adopt(recipe, into: options, arguments)
            }
            let state = checkpoint.state
            let batches = state.epochInProgress?.batchesDone ?? 0
            let position = batches > 0 ? " and \(batches) batches of epoch \(state.epoch + 1)" : ""
            print("resuming from \(path): \(state.epoch) epochs\(position) done (step \(state.step))")
            guard state.epoch < options.epochs else {
                print("nothing to do: \(state.epoch) of \(options.epochs) epochs are done; give a larger --epochs to train further")
                return
            }
            resume = checkpoint
        }
        let reporter = ProgressReporter(isTerminal: standardOutputIsTerminal)
        let trainer = try Trainer(corpus: corpus, corpusName: corpusPath, options: options, reporter: reporter, resume: resume)
        // Only now, with the data known to be usable, may the output folder be created.
        try ensureWritableDirectory(for: options.outputPath)
        removeAbandonedTemporaryFiles(beside: [options.outputPath, resumeFile])
        for (d, m) in zip(trainer.data, trainer.models) {
            print("\(d.direction): \(d.training.count) training / \(d.validation.count) validation pairs, "
                  + "vocabulary \(d.sourceVocabulary.count) → \(d.targetVocabulary.count), "
                  + "\(m.model.parameterCount.formatted()) parameters")
        }
        print("model: \(trainer.models[0].model.configuration.summary); \(options.epochs) epochs, batch \(options.batchSize), "
              + "lr \(trainer.state.learningRate), \(options.threads) thread\(options.threads == 1 ? "" : "s"), seed \(trainer.state.seed)")
        StopSignal.install()
        let started = ContinuousClock.now
        let state: TrainingState
        do {
            state = try trainer.run(
                save: { checkpoint in
                    // The best model so far; a resume snapshot older than it is now stale.
                    try checkpoint.write(to: options.outputPath)
                    try? FileManager.default.removeItem(atPath: resumeFile)
                },
                saveProgress: { checkpoint in try checkpoint.write(to: resumeFile) },
                shouldStop: { StopSignal.received != nil })
        } catch let interrupted as TrainingInterrupted {
            let signal = StopSignal.received ?? SIGINT
            try trainer.verifiedCheckpoint().write(to: resumeFile)
            let s = interrupted.state
            let batches = s.epochInProgress?.batchesDone ?? 0
            let position = batches > 0 ? "batch \(batches) of epoch \(s.epoch + 1)" : "epoch \(s.epoch)"
            let best = FileManager.default.fileExists(atPath: options.outputPath)
                ? "; \(options.outputPath) still holds the best model so far" : ""
            printError("interrupted: saved the state after \(position) (step \(s.step)) to \(resumeFile)\(best)")
            printError("resume with: \(resumeCommand())")
            throw CommandExit(status: 128 + signal)
        }
        let seconds = (ContinuousClock.now - started).seconds
        print("trained in \(duration(seconds)); best validation BLEU \(String(format: "%.2f", max(state.bestBLEU, 0))) "
              + "(epoch \(state.bestEpoch)); checkpoint \(options.outputPath)")
        if FileManager.default.fileExists(atPath: resumeFile) {
            print("the state after the last epoch is kept in \(resumeFile) (for --resume with a larger --epochs)")
        }
    }

    /// Where an interrupted run saves its state: beside the output, so the best checkpoint
    /// written so far is not replaced by a half-trained one.
    static func resumePath(_ output: String) -> String {
        output.hasSuffix(".safetensors") ? String(output.dropLast(12)) + ".resume.safetensors" : output + ".resume"
    }

    /// The checkpoint `--resume` continues from: the resume snapshot or the best checkpoint,
    /// whichever was written last (a snapshot is removed whenever a newer best is written,
    /// but a crash between the two steps can leave both).
    static func newestCheckpoint(output: String, resume: String) throws -> String {
        func modified(_ path: String) -> Date? {
            (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        switch (modified(output), modified(resume)) {
        case (nil, nil):
            throw TrainingError("--resume: there is no checkpoint to continue at \(output) (or \(resume)); train without --resume first")
        case (_?, nil): return output
        case (nil, _?): return resume
        case let (best?, snapshot?): return snapshot >= best ? resume : output
        }
    }

    /// The options that shape the batches, taken from the interrupted run unless given again;
    /// a value given differently is used, with a warning that the run will not repeat exactly.
    static func adopt(_ recipe: TrainingRecipe, into options: TrainingOptions, _ arguments: ParsedArguments) -> TrainingOptions {
        var adopted = recipe.applied(to: options)
        let fields: [(option: String, given: String, stored: String, keep: (inout TrainingOptions) -> Void)] = [
            ("epochs", "\(options.epochs)", "\(recipe.epochs)", { $0.epochs = options.epochs }),
            ("batch", "\(options.batchSize)", "\(recipe.batchSize)", { $0.batchSize = options.batchSize }),
            ("clip", "\(options.clip)", "\(recipe.clip)", { $0.clip = options.clip }),
            ("label-smoothing", "\(options.labelSmoothing)", "\(recipe.labelSmoothing)", { $0.labelSmoothing = options.labelSmoothing }),
            ("max-length", "\(options.maxLength)", "\(recipe.maxLength)", { $0.maxLength = options.maxLength }),
            ("max-pairs", "\(options.maxPairs)", "\(recipe.maxPairs)", { $0.maxPairs = options.maxPairs }),
            ("validation-fraction", "\(options.validationFraction)", "\(recipe.validationFraction)",
             { $0.validationFraction = options.validationFraction }),
        ]
        for field in fields where arguments.isGiven(field.option) {
            field.keep(&adopted)
            // More epochs is the normal way to extend a run; everything else changes its course.
            if field.given != field.stored && field.option != "epochs" {
                printError("warning: --\(field.option) \(field.given) differs from the interrupted run's \(field.stored): "
                           + "training continues, but not as the uninterrupted run would have")
            }
        }
        return adopted
    }

    /// The command that continues this run: the same words plus `--resume`, quoted for a shell.
    static func resumeCommand() -> String {
        var words = Array(CommandLine.arguments.dropFirst())
        if !words.contains("--resume") { words.append("--resume") }
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%".unicodeScalars)
        let quoted = words.map { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy(plain.contains) ? word
                : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        return (["s2s"] + quoted).joined(separator: " ")
    }

    /// Removes the temporary files (`.NAME.tmp-PID-RANDOM`) that a process killed while saving
    /// `paths` left behind, when that process is gone.
    static func removeAbandonedTemporaryFiles(beside paths: [String]) {
        for path in paths {
            let directory = (path as NSString).deletingLastPathComponent
            let folder = directory.isEmpty ? "." : directory
            let prefix = "." + (path as NSString).lastPathComponent + ".tmp-"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where name.hasPrefix(prefix) {
                let rest = name.dropFirst(prefix.count)
                guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]) else { continue }
                // kill(pid, 0) fails with ESRCH only when no such process exists.
                if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                    try? FileManager.default.removeItem(atPath: folder + "/" + name)
                }
            }
        }
    }

    /// Fails before training, not after it, when the checkpoint cannot be written.
    static func ensureWritableDirectory(for path: String) throws {
        var pathIsDirectory: ObjCBool = false
        if path.isEmpty || path.hasSuffix("/")
            || (FileManager.default.fileExists(atPath: path, isDirectory: &pathIsDirectory) && pathIsDirectory.boolValue) {
            throw TrainingError("--output \(path) names a directory; give a file name such as \((path as NSString).appendingPathComponent("model.safetensors"))")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } else if !isDirectory.boolValue {
            throw TrainingError("\(folder) is not a directory (for --output \(path))")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw TrainingError("cannot write to \(folder) (for --output \(path))")
        }
    }
}
