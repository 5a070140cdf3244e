import Foundation
import Seq2Seq
import Testing

/// Runs the built `s2s` executable for the reliability tests, with files (not pipes) for its
/// streams so that a chatty child can never block on a full pipe.
enum ReliabilityBinary {
    static var executable: URL? { CommandLineBinaryTests.executable }
    static let isAvailable = CommandLineBinaryTests.executable != nil

    struct Run {
        var status: Int32
        /// Whether the process ended by a signal (`status` is then the signal number).
        var signaled: Bool
        var standardOutput: String
        var standardError: String
        var timedOut: Bool
    }

    /// A new empty directory, removed by the caller.
    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("s2s-reliability-\(name)-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Starts `s2s words…` in `directory` with standard input from `input` and the output
    /// streams going to new files (standard output nowhere when `output` is nil).
    static func start(_ words: [String], in directory: URL, input: URL? = nil, output: URL?, error: URL) throws -> Process {
        guard let executable else { throw CocoaError(.fileNoSuchFile) }
        func newFile(_ url: URL) throws -> FileHandle {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            return try FileHandle(forWritingTo: url)
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = words
        process.currentDirectoryURL = directory
        process.standardInput = try input.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        process.standardOutput = try output.map(newFile) ?? FileHandle.nullDevice
        process.standardError = try newFile(error)
        try process.run()
        return process
    }

    /// Waits for `process`, killing it after `timeout` seconds; whether it had to be killed.
    static func wait(_ process: Process, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return true
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        return false
    }

    /// Runs `s2s words…` to completion (at most `timeout` seconds) with `input` on standard input.
    static func run(_ words: [String], in directory: URL, input: Data = Data(), timeout: Double = 30) throws -> Run {
        let id = UInt32.random(in: 0 ... .max)
        let inputFile = directory.appendingPathComponent(".stdin-\(id)")
        let outputFile = directory.appendingPathComponent(".stdout-\(id)")
        let errorFile = directory.appendingPathComponent(".stderr-\(id)")
        defer { for f in [inputFile, outputFile, errorFile] { try? FileManager.default.removeItem(at: f) } }
        try input.write(to: inputFile)
        let process = try start(words, in: directory, input: inputFile, output: outputFile, error: errorFile)
        let timedOut = wait(process, timeout: timeout)
        return Run(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                   standardOutput: (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "",
                   standardError: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "", timedOut: timedOut)
    }

    /// `lines` toy sentence pairs (a fixed word mapping, one to five words, with a full stop).
    static func syntheticCorpus(lines: Int, seed: UInt64 = 3) -> String {
        let en = ["cat", "dog", "bird", "fish", "red", "blue", "big", "small", "the", "a"]
        let fr = ["chat", "chien", "oiseau", "poisson", "rouge", "bleu", "grand", "petit", "le", "un"]
        var random = RandomGenerator(seed: seed)
        var text = ""
        for _ in 0..<lines {
            let words = (0...Int(random.next() % 5)).map { _ in Int(random.next() % UInt64(en.count)) }
            text += words.map { en[$0] }.joined(separator: " ") + " .\t" + words.map { fr[$0] }.joined(separator: " ") + " .\n"
        }
        return text
    }

    /// Polls `file` until its text satisfies `condition` or `timeout` seconds pass.
    static func waitFor(_ file: URL, timeout: Double, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOf: file, encoding: .utf8), condition(text) { return true }
            usleep(5_000)
        }
        return false
    }
}

/// `s2s train` under signals: SIGKILL at random moments never leaves a checkpoint that does not
/// load, and SIGINT / SIGTERM stop after the current step with a resumable snapshot and the
/// shell's exit status.
@Suite(.serialized) struct ReliabilitySignalTests {
    /// Tiny sizes: an epoch takes a few tens of milliseconds, so checkpoints are written often.
    static func trainWords(corpus: String, output: String, resume: Bool, epochs: Int = 1000) -> [String] {
        ["train", corpus, "--embedding", "8", "--hidden", "8", "--batch", "4", "--epochs", "\(epochs)", "--threads", "1",
         "--min-count", "1", "--validation-fraction", "0.1", "--output", output] + (resume ? ["--resume"] : [])
    }

    @Test(.enabled(if: ReliabilityBinary.isAvailable, "the s2s executable is not in the build products directory"))
    func killedAtRandomMomentsLeavesLoadableCheckpoints() throws {
        let directory = try ReliabilityBinary.temporaryDirectory("kill")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ReliabilityBinary.syntheticCorpus(lines: 300).write(to: directory.appendingPathComponent("x-en-fr.tsv"), atomically: true, encoding: .utf8)
        let folder = directory.appendingPathComponent("out")
        let output = folder.appendingPathComponent("model.safetensors").path
        let snapshot = folder.appendingPathComponent("model.resume.safetensors").path
        var random = RandomGenerator(seed: 2024)
        var loaded = 0, temporaryFilesSeen = 0
        for round in 0..<8 {
            let resume = FileManager.default.fileExists(atPath: output) || FileManager.default.fileExists(atPath: snapshot)
            let errorFile = directory.appendingPathComponent("stderr-\(round)")
            let process = try ReliabilityBinary.start(Self.trainWords(corpus: "x-en-fr.tsv", output: "out/model.safetensors", resume: resume),
                                                      in: directory, output: nil, error: errorFile)
            usleep(UInt32(50_000 + random.next() % 450_000))
            let stillRunning = process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let log = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            #expect(stillRunning, "round \(round) (resume: \(resume)) ended early: \(log)")
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
            for path in [output, snapshot] where FileManager.default.fileExists(atPath: path) {
                #expect(throws: Never.self, "round \(round): \(path)") { _ = try Checkpoint.load(path: path) }
                loaded += 1
            }
            // Whatever else is there is a temporary file that no reader takes for a checkpoint.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
                guard name != "model.safetensors" && name != "model.resume.safetensors" else { continue }
                temporaryFilesSeen += 1
                #expect(name.hasPrefix(".model.") && name.contains(".safetensors.tmp-") && !name.hasSuffix(".safetensors"), "\(name)")
            }
            if FileManager.default.fileExists(atPath: output) {
                #expect(try CheckpointLocator.locate(explicit: nil, directory: folder.path) == output)
            }
        }
        #expect(loaded > 0, "no round lived long enough to write a checkpoint")
        print("sigkill: 8 rounds, \(loaded) checkpoint loads, \(temporaryFilesSeen) leftover temporary files seen")

        // SIGINT: the step finishes, the snapshot is saved, the hint printed, status 130; the
        // start of that run also removed the temporary files of the killed runs.
        let outputFile = directory.appendingPathComponent("stdout-int"), errorFile = directory.appendingPathComponent("stderr-int")
        let resume = FileManager.default.fileExists(atPath: output) || FileManager.default.fileExists(atPath: snapshot)
        let process = try ReliabilityBinary.start(Self.trainWords(corpus: "x-en-fr.tsv", output: "out/model.safetensors", resume: resume),
                                                  in: directory, output: outputFile, error: errorFile)
        #expect(ReliabilityBinary.waitFor(outputFile, timeout: 15) { $0.contains(" step ") })
        kill(process.processIdentifier, SIGINT)
        #expect(!ReliabilityBinary.wait(process, timeout: 15))
        let log = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        #expect(process.terminationReason == .exit && process.terminationStatus == 130, "\(log)")
        #expect(log.contains("interrupted: saved the state after"))
        #expect(log.contains("resume with: s2s train x-en-fr.tsv --embedding 8 --hidden 8"))
        #expect(log.contains("--output out/model.safetensors --resume\n"))
        let state = try Checkpoint.load(path: snapshot).state
        let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(leftovers)")

        // --resume with one more epoch than done finishes that epoch and exits normally.
        let finish = try ReliabilityBinary.run(
            Self.trainWords(corpus: "x-en-fr.tsv", output: "out/model.safetensors", resume: true, epochs: state.epoch + 1),
            in: directory)
        #expect(finish.status == 0 && !finish.signaled, "\(finish.standardError)")
        #expect(finish.standardOutput.contains("resuming from out/model"))
        let newest = FileManager.default.fileExists(atPath: snapshot) ? snapshot : output
        let final = try Checkpoint.load(path: newest).state
        #expect(final.epoch == state.epoch + 1 && final.epochInProgress == nil && final.step > state.step)
    }

    @Test(.enabled(if: ReliabilityBinary.isAvailable, "the s2s executable is not in the build products directory"))
    func sigtermExits143WithSnapshot() throws {
        let directory = try ReliabilityBinary.temporaryDirectory("term")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ReliabilityBinary.syntheticCorpus(lines: 300).write(to: directory.appendingPathComponent("en-fr.tsv"), atomically: true, encoding: .utf8)
        let outputFile = directory.appendingPathComponent("stdout"), errorFile = directory.appendingPathComponent("stderr")
        let process = try ReliabilityBinary.start(Self.trainWords(corpus: "en-fr.tsv", output: "m.safetensors", resume: false),
                                                  in: directory, output: outputFile, error: errorFile)
        #expect(ReliabilityBinary.waitFor(outputFile, timeout: 15) { $0.contains(" step ") })
        kill(process.processIdentifier, SIGTERM)
        #expect(!ReliabilityBinary.wait(process, timeout: 15))
        let log = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        #expect(process.terminationReason == .exit && process.terminationStatus == 143, "\(log)")
        #expect(log.contains("resume with: s2s train en-fr.tsv"))
        let snapshot = try Checkpoint.load(path: directory.appendingPathComponent("m.resume.safetensors").path)
        #expect(snapshot.state.step > 0)
        #expect(snapshot.state.recipe?.epochs == 1000 && snapshot.state.recipe?.batchSize == 4)
    }
}
