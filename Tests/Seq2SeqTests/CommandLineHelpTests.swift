import Seq2Seq
import Testing

/// The text with every run of whitespace reduced to one space, so that checks do not depend
/// on where the help text happens to wrap.
private func unwrapped(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

@Suite struct CommandLineHelpTests {
    @Test(arguments: CommandLineFixtures.specs.map(\.name))
    func commandHelpListsEverything(name: String) throws {
        let spec = try #require(CommandLineFixtures.specs.first { $0.name == name })
        let result = runFixtureTool([name, "--help"])
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        let help = result.standardOutput
        #expect(help.hasPrefix("OVERVIEW: " + spec.abstract))
        #expect(help.contains("\nUSAGE: s2s \(name) "))
        #expect(help.contains("\nOPTIONS:\n"))
        for option in spec.options { #expect(help.contains(option.longFlag), "\(option.longFlag)") }
        for argument in spec.arguments { #expect(help.contains(argument.placeholder)) }
        #expect(help.contains("  -h, --help"))
        #expect(help.contains("  --version"))
        for line in help.split(separator: "\n") { #expect(line.count <= 80, "too long: \(line)") }
    }

    @Test func optionDetailsShowValuesRangesAndDefaults() {
        let help = runFixtureTool(["train", "-h"]).standardOutput
        let flat = unwrapped(help)
        #expect(flat.contains("Architecture to train. (values: lstm, bahdanau, luong; default: luong)"))
        #expect(flat.contains("--hidden <hidden> Size of the hidden state. (range: 1...4096; default: 256)"))
        #expect(flat.contains("(range: [0, 1); default: 0.2)"))
        #expect(flat.contains("(range: (0, 1]; default: 0.001)"))
        #expect(flat.contains("--input-feeding/--no-input-feeding Feed attention back. (default: --input-feeding)"))
        #expect(flat.contains("-o, --output <path> Where to write the checkpoint. (default: checkpoints/<model>.safetensors)"))
        #expect(flat.contains("--bidirectional Read the source in both directions. --input-feeding"))
        #expect(flat.contains("ARGUMENTS: <corpus> Tab-separated sentence pairs."))
        #expect(help.contains("Reads the corpus, builds the vocabularies"))
        // Help text starts in column 27 (two spaces of indentation, a 24-column label).
        #expect(help.contains("\n  --seed <seed>           Random seed. (default: 1)\n"))
    }

    @Test func usageLineShowsEveryOptionWhenItFitsAndCollapsesOtherwise() {
        let translate = runFixtureTool(["translate", "--help"]).standardOutput
        #expect(translate.contains("\nUSAGE: s2s translate [--checkpoint <path> ...] [--from <from>] [<text> ...]\n"))
        #expect(translate.contains("--checkpoint <path> ..."))
        let train = runFixtureTool(["train", "--help"]).standardOutput
        #expect(train.contains("\nUSAGE: s2s train [<options>] <corpus>\n"))
        let align = runFixtureTool(["align", "--help"]).standardOutput
        #expect(align.contains("\nUSAGE: s2s align [--format <format>] [--output <path>] [<text>]\n"))
    }

    @Test func everyWayOfAskingForHelpGivesTheSameText() {
        for name in CommandLineFixtures.specs.map(\.name) {
            let reference = runFixtureTool(["help", name])
            #expect(reference.status == 0)
            #expect(reference.standardOutput == runFixtureTool([name, "--help"]).standardOutput)
            #expect(reference.standardOutput == runFixtureTool([name, "-h"]).standardOutput)
        }
        // Help wins over other problems on the same line.
        let withMistakes = runFixtureTool(["train", "--hiden", "x", "--help"])
        #expect(withMistakes.status == 0)
        #expect(withMistakes.standardOutput == runFixtureTool(["help", "train"]).standardOutput)
    }

    @Test func helpAfterDoubleDashIsAnArgument() {
        var corpus: String?
        let result = runFixtureTool(["train", "--", "--help"]) { corpus = try $0.string("corpus") }
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
        #expect(corpus == "--help")
    }

    @Test func rootHelpListsTheCommands() {
        let help = runFixtureTool(["--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput == runFixtureTool(["help"]).standardOutput)
        #expect(help.standardOutput == runFixtureTool([]).standardOutput)
        #expect(help.standardOutput == runFixtureTool(["-h"]).standardOutput)
        let text = help.standardOutput
        #expect(text.hasPrefix("OVERVIEW: Translate between English and French.\n"))
        #expect(text.contains("\nUSAGE: s2s <subcommand>\n"))
        #expect(text.contains("\nSUBCOMMANDS:\n"))
        #expect(text.contains("  train                   Train a translation model on a corpus of sentence\n"))
        #expect(text.contains("  translate               Translate sentences.\n"))
        #expect(text.contains("  align                   Show attention alignments.\n"))
        #expect(text.contains("See 's2s help <subcommand>' for detailed help."))
    }

    @Test func versionIsPrintedAlone() {
        for words in [["--version"], ["train", "--version"]] {
            let result = runFixtureTool(words)
            #expect(result.status == 0)
            #expect(result.standardOutput == "0.1.0\n")
            #expect(result.standardError.isEmpty)
        }
    }

    @Test func longLabelsPushTheirTextToTheNextLine() {
        let spec = CommandSpec(
            name: "train", abstract: "Train.",
            options: [.double("validation-fraction", default: 0.05, range: .openClosed(0, 0.5), help: "Held out.")])
        let help = spec.helpText(commandPath: "s2s train")
        #expect(help.contains(
            "  --validation-fraction <validation-fraction>\n                          Held out. (range: (0, 0.5]; default: 0.05)\n"))
    }
}
