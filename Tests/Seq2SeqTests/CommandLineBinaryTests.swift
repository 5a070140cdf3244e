import Foundation
import Seq2Seq
import Testing

/// Checks of the real `s2s` executable: its command table, help texts and exit statuses as a
/// shell sees them. The binary is looked up in the build products directory next to the test
/// bundle; these tests are skipped only when it is not there.
@Suite struct CommandLineBinaryTests {
    /// The `s2s` executable built alongside the tests, if any.
    static let executable: URL? = {
        var directories: [URL] = []
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        directories.append(Bundle.main.bundleURL)
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for bundle in Bundle.allBundles { directories.append(bundle.bundleURL.deletingLastPathComponent()) }
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        for directory in directories {
            let candidate = directory.appendingPathComponent("s2s")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    /// Runs the binary and returns its exit status and both output streams.
    static func run(_ words: [String]) throws -> CommandLineRun {
        guard let executable = Self.executable else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = executable
        process.arguments = words
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting so that a full pipe cannot block the child.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandLineRun(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// Every command with every option the project plan gives it.
    static let expectedOptions: [String: [String]] = [
        "prepare": ["--output", "--test-output", "--max-tokens", "--train-pairs", "--test-pairs", "--seed"],
        "train": [
            "--model", "--score", "--embedding", "--hidden", "--layers", "--bidirectional",
            "--input-feeding/--no-input-feeding", "--dropout", "--epochs", "--batch", "--lr", "--clip",
            "--label-smoothing", "--min-count", "--max-vocabulary", "--max-pairs", "--max-length",
            "--validation-fraction", "--direction", "--seed", "--threads", "--output", "--resume",
            "--strict", "--keep-case",
        ],
        "translate": [
            "--checkpoint", "--from", "--to", "--beam", "--length-penalty", "--alpha",
            "--max-length-ratio", "--n-best", "--replace-unk/--no-replace-unk", "--show-attention",
            "--threads",
        ],
        "align": [
            "--reference", "--checkpoint", "--from", "--to", "--format", "--output", "--numbers",
            "--threshold", "--beam",
        ],
        "eval": [
            "--checkpoint", "--direction", "--beam", "--length-penalty", "--alpha",
            "--replace-unk/--no-replace-unk", "--lowercase", "--plot", "--gold-alignments", "--threads",
        ],
        "info": [],
        "bench": ["--json", "--steps", "--threads", "--quick", "--peer-results"],
    ]

    @Test(.enabled(if: executable != nil, "the s2s executable is not in the build products directory"))
    func misspelledOptionExits64WithOneLine() throws {
        let result = try Self.run(["train", "--hiden", "3"])
        #expect(result.status == 64)
        #expect(result.standardError
            == "s2s train: unknown option '--hiden' (did you mean '--hidden'?); see 's2s train --help'\n")
        #expect(result.standardOutput.isEmpty)
    }

    @Test(.enabled(if: executable != nil, "the s2s executable is not in the build products directory"))
    func everyCommandDocumentsItsOptions() throws {
        let root = try Self.run(["--help"])
        #expect(root.status == 0)
        for (command, options) in Self.expectedOptions {
            #expect(root.standardOutput.contains("\n  \(command) "), "root help lacks \(command)")
            let help = try Self.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.standardOutput.contains("USAGE: s2s \(command)"))
            for option in options {
                #expect(help.standardOutput.contains("  \(option)") || help.standardOutput.contains(", \(option)"),
                        "'s2s \(command) --help' lacks \(option)")
            }
            #expect(try Self.run(["help", command]).standardOutput == help.standardOutput)
            for line in help.standardOutput.split(separator: "\n") { #expect(line.count <= 80) }
        }
    }

    /// `eval` must score what `translate` prints: the decoding options read the same in both
    /// helps (names, choices, defaults), and `align` translates with the same default beam.
    @Test(.enabled(if: executable != nil, "the s2s executable is not in the build products directory"))
    func translateAndEvalDecodeAlike() throws {
        func optionHelp(_ command: String, _ option: String) throws -> String {
            let help = try Self.run([command, "--help"]).standardOutput
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
            guard let start = lines.firstIndex(where: { $0.hasPrefix("  \(option)") }) else { return "" }
            // The option's line and its indented continuation lines.
            let rest = lines[(start + 1)...].prefix { $0.hasPrefix("                        ") }
            return ([lines[start]] + rest).joined(separator: "\n")
        }
        for option in ["--beam", "--length-penalty", "--alpha", "--replace-unk/--no-replace-unk"] {
            let translate = try optionHelp("translate", option)
            #expect(!translate.isEmpty, "translate lacks \(option)")
            #expect(try optionHelp("eval", option) == translate)
        }
        let defaultBeam = try #require(try optionHelp("translate", "--beam").range(of: "default: [0-9]+", options: .regularExpression))
        let translateBeam = try optionHelp("translate", "--beam")[defaultBeam]
        #expect(try optionHelp("align", "--beam").contains(translateBeam))
    }

    @Test(.enabled(if: executable != nil, "the s2s executable is not in the build products directory"))
    func versionAndRuntimeErrors() throws {
        let version = try Self.run(["--version"])
        #expect(version.status == 0)
        #expect(version.standardOutput == "0.1.0\n")
        let train = try Self.run(["train", "no-such-corpus.en-fr.tsv", "--model=bahdanau", "--no-input-feeding"])
        #expect(train.status == 1)
        #expect(train.standardError.hasPrefix("s2s train: "))
        #expect(train.standardError.contains("no-such-corpus.en-fr.tsv"))
        #expect(train.standardError.split(separator: "\n").count == 1)
        let svg = try Self.run(["align", "--format", "svg", "Il pleut."])
        #expect(svg.status == 64)
        #expect(svg.standardError == "s2s align: '--format svg' needs '--output <path>'; see 's2s align --help'\n")
        let dropout = try Self.run(["train", "c", "--dropout", "1"])
        #expect(dropout.standardError
            == "s2s train: invalid value '1' for option '--dropout': must be in [0, 1); see 's2s train --help'\n")
    }
}
