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
            The checkpoint is written after every epoch, so an interrupted run can continue \
            with --resume.
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
                "score", ["dot", "general", "concat", "scaled-dot"], default: "general",
                help: "Luong attention score function; ignored by the other models."),
            .integer(
                "embedding", default: 256, range: .closed(1, 4096), help: "Size of the word embeddings."),
            .integer(
                "hidden", default: 256, range: .closed(1, 4096), help: "Size of the LSTM hidden state."),
            .integer(
                "layers", default: 1, range: .closed(1, 8),
                help: "Number of stacked LSTM layers in the encoder and in the decoder."),
            .flag("bidirectional", help: "Read the source in both directions in the encoder."),
            .flag(
                "input-feeding", invertible: true, default: true,
                help: "Feed the previous attentional vector into the next decoder step (Luong)."),
            .double(
                "dropout", default: 0.2, range: .halfOpen(0, 1),
                help: "Probability of zeroing an activation during training."),
            .integer(
                "epochs", default: 10, range: .closed(1, 1000), help: "Passes over the training pairs."),
            .integer(
                "batch", default: 64, range: .closed(1, 4096), help: "Sentence pairs per training step."),
            .double("lr", default: 0.001, range: .openClosed(0, 1), help: "Adam learning rate."),
            .double(
                "clip", default: 5, range: .greaterThan(0),
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
            .flag("resume", help: "Continue training from the checkpoint at the output path."),
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
        try ensureWritableDirectory(for: options.outputPath)

        var resume: Checkpoint? = nil
        if arguments.flag("resume") {
            resume = try Checkpoint.load(path: options.outputPath)
            print("resuming \(options.outputPath) after epoch \(resume!.state.epoch) (step \(resume!.state.step))")
        }
        let reporter = ProgressReporter(isTerminal: standardOutputIsTerminal)
        let trainer = try Trainer(corpus: corpus, corpusName: corpusPath, options: options, reporter: reporter, resume: resume)
        for (d, m) in zip(trainer.data, trainer.models) {
            print("\(d.direction): \(d.training.count) training / \(d.validation.count) validation pairs, "
                  + "vocabulary \(d.sourceVocabulary.count) → \(d.targetVocabulary.count), "
                  + "\(m.model.parameterCount.formatted()) parameters")
        }
        print("model: \(trainer.models[0].model.configuration.summary); \(options.epochs) epochs, batch \(options.batchSize), "
              + "lr \(options.learningRate), \(options.threads) thread\(options.threads == 1 ? "" : "s"), seed \(options.seed)")
        StopSignal.install()
        let started = ContinuousClock.now
        let state: TrainingState
        do {
            state = try trainer.run(save: { try $0.write(to: options.outputPath) }, shouldStop: { StopSignal.received != nil })
        } catch let interrupted as TrainingInterrupted {
            let signal = StopSignal.received ?? SIGINT
            var checkpoint = trainer.checkpoint
            checkpoint.state = interrupted.state
            let path = resumePath(options.outputPath)
            try checkpoint.write(to: path)
            printError("interrupted: saved the state after step \(interrupted.state.step) to \(path)")
            printError("resume with: s2s train \(corpusPath) --output \(path) --resume")
            throw CommandExit(status: 128 + signal)
        }
        let seconds = (ContinuousClock.now - started).seconds
        print("trained in \(duration(seconds)); best validation BLEU \(String(format: "%.2f", max(state.bestBLEU, 0))) "
              + "(epoch \(state.bestEpoch)); checkpoint \(options.outputPath)")
    }

    /// Where an interrupted run saves its state: beside the output, so the best checkpoint
    /// written so far is not replaced by a half-trained one.
    static func resumePath(_ output: String) -> String {
        output.hasSuffix(".safetensors") ? String(output.dropLast(12)) + ".resume.safetensors" : output + ".resume"
    }

    /// Fails before training, not after it, when the checkpoint cannot be written.
    static func ensureWritableDirectory(for path: String) throws {
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
