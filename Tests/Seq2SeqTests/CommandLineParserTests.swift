import Foundation
import Seq2Seq
import Testing

/// Command specifications shared by the command-line tests, modelled on `s2s`'s own commands.
enum CommandLineFixtures {
    enum Model: String, CaseIterable { case lstm, bahdanau, luong }

    static let train = CommandSpec(
        name: "train",
        abstract: "Train a translation model on a corpus of sentence pairs.",
        discussion: "Reads the corpus, builds the vocabularies and trains with Adam, writing a "
            + "checkpoint after every epoch so that an interrupted run can be resumed.",
        arguments: [ArgumentSpec("corpus", help: "Tab-separated sentence pairs.")],
        options: [
            .choice("model", of: Model.self, default: .luong, help: "Architecture to train."),
            .integer("hidden", default: 256, range: .closed(1, 4096), help: "Size of the hidden state."),
            .double("dropout", default: 0.2, range: .halfOpen(0, 1), help: "Dropout probability."),
            .double("lr", default: 0.001, range: .openClosed(0, 1), help: "Adam learning rate."),
            .flag("bidirectional", help: "Read the source in both directions."),
            .flag("input-feeding", invertible: true, default: true, help: "Feed attention back."),
            .path(
                "output", short: "o", help: "Where to write the checkpoint.",
                defaultDescription: "checkpoints/<model>.safetensors"),
            .integer("seed", default: 1, help: "Random seed."),
            .string("note", help: "Free text stored in the checkpoint."),
        ])

    static let translate = CommandSpec(
        name: "translate",
        abstract: "Translate sentences.",
        arguments: [ArgumentSpec("text", .variadic, help: "Sentences to translate.")],
        options: [
            .path("checkpoint", repeatable: true, help: "A checkpoint; repeat for several."),
            .choice("from", ["en", "fr"], help: "Language of the input."),
        ])

    static let align = CommandSpec(
        name: "align",
        abstract: "Show attention alignments.",
        arguments: [ArgumentSpec("text", .optional, help: "The source sentence.")],
        options: [
            .choice("format", ["text", "pharaoh", "json", "svg"], default: "text", help: "Output format."),
            .path("output", short: "o", help: "Output file; required for svg."),
        ],
        validate: { arguments in
            if try arguments.choice("format") == "svg" && !arguments.isGiven("output") {
                throw CommandLineUsageError.invalidCombination("'--format svg' needs '--output <path>'")
            }
        })

    static let specs = [train, translate, align]
}

/// Collects what a `CommandLineTool` writes, in place of the process's streams.
final class CommandLineCapture {
    var standardOutput = ""
    var standardError = ""
}

/// The result of one in-process run of the test tool.
struct CommandLineRun {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs a tool made of the fixture commands; `run` replaces every command's implementation.
func runFixtureTool(
    _ words: [String], run: @escaping (ParsedArguments) throws -> Void = { _ in }
) -> CommandLineRun {
    let output = CommandLineCapture()
    let tool = CommandLineTool(
        name: "s2s", version: "0.1.0", abstract: "Translate between English and French.",
        commands: CommandLineFixtures.specs.map { Command($0, run: run) },
        standardOutput: { output.standardOutput += $0 },
        standardError: { output.standardError += $0 })
    let status = tool.run(arguments: words)
    return CommandLineRun(status: status, standardOutput: output.standardOutput, standardError: output.standardError)
}

@Suite struct CommandLineParserTests {
    let train = CommandLineFixtures.train

    @Test func equalsFormMatchesSeparateValue() throws {
        let separate = try train.parse([
            "corpus.tsv", "--hidden", "512", "--dropout", "0.3", "--model", "bahdanau",
            "--output", "out.safetensors", "--note", "a b",
        ])
        let joined = try train.parse([
            "--hidden=512", "--dropout=0.3", "corpus.tsv", "--model=bahdanau",
            "--output=out.safetensors", "--note=a b",
        ])
        #expect(separate == joined)
        #expect(try joined.int("hidden") == 512)
        #expect(try joined.double("dropout") == 0.3)
        #expect(try joined.choice("model") == "bahdanau")
        #expect(try joined.string("output") == "out.safetensors")
        #expect(try joined.string("note") == "a b")
        #expect(try joined.string("corpus") == "corpus.tsv")
    }

    @Test func shortNameIsTheSameOption() throws {
        let short = try train.parse(["-o", "model.safetensors", "corpus.tsv"])
        #expect(try short.string("output") == "model.safetensors")
        #expect(short == (try train.parse(["corpus.tsv", "--output", "model.safetensors"])))
    }

    @Test func defaultsApplyWhenOptionsAreAbsent() throws {
        let parsed = try train.parse(["corpus.tsv"])
        #expect(try parsed.int("hidden") == 256)
        #expect(try parsed.double("dropout") == 0.2)
        #expect(try parsed.double("lr") == 0.001)
        #expect(try parsed.choice("model") == "luong")
        #expect(try parsed.choice("model", as: CommandLineFixtures.Model.self) == .luong)
        #expect(parsed.flag("bidirectional") == false)
        #expect(parsed.flag("input-feeding") == true)
        #expect(parsed.optionalString("output") == nil)
        #expect(parsed.strings("output").isEmpty)
        #expect(!parsed.isGiven("hidden"))
        #expect(parsed.isGiven("corpus"))
    }

    @Test func givenValuesOverrideDefaults() throws {
        let parsed = try train.parse(["corpus.tsv", "--hidden", "8", "--bidirectional"])
        #expect(try parsed.int("hidden") == 8)
        #expect(parsed.isGiven("hidden"))
        #expect(parsed.flag("bidirectional"))
        #expect(try parsed.int("seed") == 1)
    }

    @Test func flagInversion() throws {
        #expect(try train.parse(["c", "--no-input-feeding"]).flag("input-feeding") == false)
        #expect(try train.parse(["c", "--input-feeding"]).flag("input-feeding") == true)
        #expect(try train.parse(["c"]).flag("input-feeding") == true)
    }

    @Test func repeatableOptionCollectsEveryValueInOrder() throws {
        let translate = CommandLineFixtures.translate
        let parsed = try translate.parse([
            "--checkpoint", "luong.safetensors", "Hello.", "--checkpoint=bahdanau.safetensors", "Go.",
        ])
        #expect(parsed.strings("checkpoint") == ["luong.safetensors", "bahdanau.safetensors"])
        #expect(parsed.strings("text") == ["Hello.", "Go."])
        #expect(parsed.positionals == ["Hello.", "Go."])
        #expect(try translate.parse([]).strings("checkpoint").isEmpty)
    }

    @Test func doubleDashEndsOptions() throws {
        let translate = CommandLineFixtures.translate
        let parsed = try translate.parse(["--from", "en", "--", "--checkpoint", "-x", "--"])
        #expect(parsed.strings("text") == ["--checkpoint", "-x", "--"])
        #expect(parsed.strings("checkpoint").isEmpty)
        #expect(try parsed.choice("from") == "en")
    }

    @Test func negativeNumbersAreValuesNotOptions() throws {
        #expect(try train.parse(["c", "--seed", "-5"]).int("seed") == -5)
        #expect(throws: CommandLineUsageError.invalidValue("-1", option: "--lr", reason: "must be in (0, 1]")) {
            try train.parse(["c", "--lr", "-1"])
        }
        #expect(try CommandLineFixtures.translate.parse(["-3", "-"]).strings("text") == ["-3", "-"])
    }

    @Test func textStartingWithDashNeedsEqualsForm() throws {
        #expect(try train.parse(["c", "--note=-x"]).string("note") == "-x")
        #expect(throws: CommandLineUsageError.missingValue(option: "--note")) {
            try train.parse(["c", "--note", "-x"])
        }
    }

    @Test func optionalPositionalAndOptionalAccessors() throws {
        let align = CommandLineFixtures.align
        let empty = try align.parse([])
        #expect(empty.optionalString("text") == nil)
        #expect(!empty.isGiven("text"))
        #expect(throws: CommandLineUsageError.missingArgument("<text>")) { try empty.string("text") }
        let given = try align.parse(["Il pleut."])
        #expect(try given.string("text") == "Il pleut.")
    }

    @Test func throwingAccessorReportsMissingOption() throws {
        let parsed = try train.parse(["c"])
        #expect(parsed.optionalString("note") == nil)
        #expect(throws: CommandLineUsageError.missingOption("--note")) { try parsed.string("note") }
    }

    @Test func choiceMapsToEnumOrReportsTheEnumCases() throws {
        enum Direction: String, CaseIterable { case enFr = "en-fr", frEn = "fr-en" }
        let spec = CommandSpec(
            name: "eval", abstract: "Evaluate.",
            options: [.choice("direction", ["en-fr", "fr-en", "both"], default: "en-fr", help: "Direction.")])
        #expect(try spec.parse(["--direction", "fr-en"]).choice("direction", as: Direction.self) == .frEn)
        #expect(throws: CommandLineUsageError.invalidValue("both", option: "--direction", reason: "must be one of en-fr, fr-en")) {
            try spec.parse(["--direction", "both"]).choice("direction", as: Direction.self)
        }
    }

    @Test func validationRunsAfterParsing() throws {
        let align = CommandLineFixtures.align
        #expect(try align.parse(["--format", "svg", "-o", "a.svg", "Bonjour."]).choice("format") == "svg")
        #expect(throws: CommandLineUsageError.invalidCombination("'--format svg' needs '--output <path>'")) {
            try align.parse(["--format", "svg", "Bonjour."])
        }
    }

    @Test func wellFormedSpecsHaveNoDeclarationProblems() {
        for spec in CommandLineFixtures.specs {
            #expect(spec.declarationProblems.isEmpty, "\(spec.name): \(spec.declarationProblems)")
        }
    }

    @Test func declarationMistakesAreFound() {
        let spec = CommandSpec(
            name: "broken", abstract: "Broken.",
            arguments: [ArgumentSpec("files", .variadic, help: "Files."), ArgumentSpec("last", help: "Last.")],
            options: [
                .integer("hidden", default: 0, range: .atLeast(1), help: "Out-of-range default."),
                .choice("model", ["lstm"], default: "gru", help: "Default not a choice."),
                .string("files", help: "Same name as an argument."),
                .path("checkpoint", default: "a", repeatable: true, help: "Repeatable with a default."),
                .flag("strict", default: true, help: "On, and no way to turn it off."),
            ])
        let problems = spec.declarationProblems
        #expect(problems.count == 7, "\(problems)")
        #expect(problems.contains { $0.contains("--hidden") && $0.contains(">= 1") })
        #expect(problems.contains { $0.contains("--model") && $0.contains("lstm") })
        #expect(problems.contains { $0.contains("'files' is declared twice") })
        #expect(problems.contains { $0.contains("variadic") })
        #expect(problems.contains { $0.contains("follows an optional") })
        #expect(problems.contains { $0.contains("repeatable option cannot have a default") })
        #expect(problems.contains { $0.contains("--strict") && $0.contains("must be invertible") })
    }

    @Test func rangesDescribeAndContainTheirBounds() {
        let dropout = OptionRange.halfOpen(0, 1)
        #expect(dropout.description == "[0, 1)")
        #expect(dropout.contains(0) && dropout.contains(0.999) && !dropout.contains(1) && !dropout.contains(-0.1))
        let rate = OptionRange.openClosed(0, 1)
        #expect(rate.description == "(0, 1]")
        #expect(!rate.contains(0) && rate.contains(1))
        #expect(OptionRange.closed(1, 4096).description == "1...4096")
        #expect(OptionRange.atLeast(1).description == ">= 1")
        #expect(OptionRange.greaterThan(0).description == "> 0")
        #expect(OptionRange.closed(0, 0.5).description == "0...0.5")
        #expect(!OptionRange.unbounded.contains(.nan))
    }
}
