import Foundation
import Seq2Seq
import Testing

@Suite struct CommandLineErrorTests {
    /// Each malformed command line with the exact line it must produce on standard error.
    static let usageErrors: [([String], String)] = [
        (["train", "c", "--hiden", "3"],
         "s2s train: unknown option '--hiden' (did you mean '--hidden'?); see 's2s train --help'"),
        (["train", "c", "--no-bidirectional"],
         "s2s train: unknown option '--no-bidirectional' (did you mean '--bidirectional'?); see 's2s train --help'"),
        (["train", "c", "--frobnicate"], "s2s train: unknown option '--frobnicate'; see 's2s train --help'"),
        (["train", "c", "-x"], "s2s train: unknown option '-x'; see 's2s train --help'"),
        (["train", "c", "--hidden"], "s2s train: missing value for option '--hidden'; see 's2s train --help'"),
        (["train", "c", "--output", "--bidirectional"],
         "s2s train: missing value for option '--output'; see 's2s train --help'"),
        (["train", "c", "-o"], "s2s train: missing value for option '-o'; see 's2s train --help'"),
        (["train", "c", "--hidden", "abc"],
         "s2s train: invalid value 'abc' for option '--hidden': not an integer; see 's2s train --help'"),
        (["train", "c", "--hidden=3.5"],
         "s2s train: invalid value '3.5' for option '--hidden': not an integer; see 's2s train --help'"),
        (["train", "c", "--dropout", "x"],
         "s2s train: invalid value 'x' for option '--dropout': not a number; see 's2s train --help'"),
        (["train", "c", "--dropout", "nan"],
         "s2s train: invalid value 'nan' for option '--dropout': not a finite number; see 's2s train --help'"),
        (["train", "c", "--hidden", "5000"],
         "s2s train: invalid value '5000' for option '--hidden': must be in 1...4096; see 's2s train --help'"),
        (["train", "c", "--dropout", "1"],
         "s2s train: invalid value '1' for option '--dropout': must be in [0, 1); see 's2s train --help'"),
        (["train", "c", "--lr", "-1"],
         "s2s train: invalid value '-1' for option '--lr': must be in (0, 1]; see 's2s train --help'"),
        (["train", "c", "--lr=0"],
         "s2s train: invalid value '0' for option '--lr': must be in (0, 1]; see 's2s train --help'"),
        (["train", "c", "--model", "gru"],
         "s2s train: invalid value 'gru' for option '--model': must be one of lstm, bahdanau, luong; see 's2s train --help'"),
        (["train"], "s2s train: missing required argument '<corpus>'; see 's2s train --help'"),
        (["train", "--hidden", "3"], "s2s train: missing required argument '<corpus>'; see 's2s train --help'"),
        (["train", "a.tsv", "b.tsv"], "s2s train: unexpected argument 'b.tsv'; see 's2s train --help'"),
        (["align", "Il pleut.", "Il neige."], "s2s align: unexpected argument 'Il neige.'; see 's2s align --help'"),
        (["train", "c", "--hidden", "3", "--hidden=4"],
         "s2s train: option '--hidden' given more than once; see 's2s train --help'"),
        (["train", "c", "--input-feeding", "--no-input-feeding"],
         "s2s train: option '--input-feeding' given more than once; see 's2s train --help'"),
        (["train", "c", "-o", "a", "--output", "b"],
         "s2s train: option '--output' given more than once; see 's2s train --help'"),
        (["train", "c", "--bidirectional=yes"],
         "s2s train: option '--bidirectional' does not take a value; see 's2s train --help'"),
        (["align", "--format", "svg", "Bonjour."],
         "s2s align: '--format svg' needs '--output <path>'; see 's2s align --help'"),
        (["trian"], "s2s: unknown command 'trian' (did you mean 'train'?); see 's2s --help'"),
        (["frobnicate", "--help"], "s2s: unknown command 'frobnicate'; see 's2s --help'"),
        (["help", "trnaslate"], "s2s: unknown command 'trnaslate' (did you mean 'translate'?); see 's2s --help'"),
        (["help", "train", "extra"], "s2s help: unexpected argument 'extra'; see 's2s --help'"),
        (["--hepl"], "s2s: unknown option '--hepl' (did you mean '--help'?); see 's2s --help'"),
        (["--hidden", "3"], "s2s: unknown option '--hidden'; see 's2s --help'"),
    ]

    @Test(arguments: usageErrors)
    func usageErrorIsOneLineAndStatus64(words: [String], expected: String) {
        let result = runFixtureTool(words) { _ in Issue.record("command ran despite a usage error") }
        #expect(result.status == 64)
        #expect(result.standardError == expected + "\n")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func usageErrorThrownByACommandIsStatus64() {
        let result = runFixtureTool(["train", "corpus.tsv"]) { arguments in
            _ = try arguments.string("note")
        }
        #expect(result.status == 64)
        #expect(result.standardError == "s2s train: missing required option '--note'; see 's2s train --help'\n")
    }

    @Test func runtimeErrorIsOneLineAndStatus1() {
        struct DiskFull: Error, CustomStringConvertible {
            var description: String { "cannot write checkpoints/luong.safetensors:\nno space left" }
        }
        let result = runFixtureTool(["train", "corpus.tsv"]) { _ in throw DiskFull() }
        #expect(result.status == 1)
        #expect(result.standardError == "s2s train: cannot write checkpoints/luong.safetensors: no space left\n")
    }

    @Test func foundationErrorNamesTheFile() {
        let result = runFixtureTool(["train", "/nonexistent/corpus.tsv"]) { arguments in
            _ = try String(contentsOfFile: arguments.string("corpus"), encoding: .utf8)
        }
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("s2s train: "))
        #expect(result.standardError.contains("/nonexistent/corpus.tsv"))
        #expect(result.standardError.filter { $0 == "\n" }.count == 1)
    }

    @Test func commandChoosesItsExitStatus() {
        let interrupted = runFixtureTool(["train", "corpus.tsv"]) { _ in throw CommandExit.interrupted }
        #expect(interrupted.status == 130)
        #expect(interrupted.standardError == "s2s train: interrupted\n")
        let silent = runFixtureTool(["translate"]) { _ in throw CommandExit(status: 3) }
        #expect(silent.status == 3)
        #expect(silent.standardError.isEmpty)
    }

    @Test func malformedDeclarationStopsTheToolWithStatus70() {
        let output = CommandLineCapture()
        let broken = CommandSpec(
            name: "broken", abstract: "Broken.",
            options: [.integer("hidden", default: 0, range: .atLeast(1), help: "Hidden size.")])
        let tool = CommandLineTool(
            name: "s2s", version: "0.1.0", abstract: "Test.", commands: [Command(broken) { _ in }],
            standardOutput: { output.standardOutput += $0 }, standardError: { output.standardError += $0 })
        #expect(tool.run(arguments: ["--version"]) == 70)
        #expect(output.standardError.hasPrefix("s2s: internal error: command 'broken': option '--hidden'"))
    }
}
