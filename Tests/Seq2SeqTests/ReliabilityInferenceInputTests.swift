import Foundation
import Seq2Seq
import Testing

/// `s2s translate` and `s2s align` on awkward input: empty, blank, far too long, unknown words,
/// mixed scripts, control characters, invalid UTF-8. Each gives sensible output or a clear
/// one-line message, never a crash or a hang.
@Suite struct ReliabilityInferenceInputTests {
    /// Runs `body` in a new folder holding a tiny Luong checkpoint `m.safetensors` (both
    /// directions, trained through `s2s train` on sentences of at most 12 tokens, in about a
    /// tenth of a second), and removes the folder afterwards.
    static func withCheckpoint(_ body: (URL) throws -> Void) throws {
        let directory = try ReliabilityBinary.temporaryDirectory("inference")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ReliabilityBinary.syntheticCorpus(lines: 300).write(to: directory.appendingPathComponent("en-fr.tsv"), atomically: true, encoding: .utf8)
        let train = try ReliabilityBinary.run(
            ["train", "en-fr.tsv", "--embedding", "8", "--hidden", "8", "--epochs", "6", "--lr", "0.02", "--batch", "8", "--threads", "1",
             "--min-count", "1", "--max-length", "12", "--output", "m.safetensors"], in: directory)
        try #require(train.status == 0, "\(train.standardError)")
        try body(directory)
    }

    static func run(_ words: [String], input: String = "", in directory: URL) throws -> ReliabilityBinary.Run {
        try run(words, input: Data(input.utf8), in: directory)
    }

    static func run(_ words: [String], input: Data, in directory: URL) throws -> ReliabilityBinary.Run {
        let result = try ReliabilityBinary.run(words + ["--checkpoint", "m.safetensors"], in: directory, input: input, timeout: 30)
        #expect(!result.timedOut && !result.signaled, "\(words): crashed or hung: \(result.standardError)")
        return result
    }

    static let longSentence = (0..<400).map { ["red cat", "big dog .", "the small bird", "blue fish ,"][$0 % 4] }.joined(separator: " ")

    static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" }
    }

    @Test(.enabled(if: ReliabilityBinary.isAvailable, "the s2s executable is not in the build products directory"))
    func translateEmptyAndBlankInput() throws {
        try Self.withCheckpoint { directory in
            let empty = try Self.run(["translate"], in: directory)
            #expect(empty.status == 0 && empty.standardOutput.isEmpty && empty.standardError.isEmpty)
            // Blank lines keep their place, so output lines still match input lines.
            let blank = try Self.run(["translate", "--from", "en"], input: "  \n\t\nred cat .\n\u{A0}\n", in: directory)
            #expect(blank.status == 0)
            let lines = blank.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 5 && lines[0].isEmpty && lines[1].isEmpty && !lines[2].isEmpty && lines[3].isEmpty, "\(lines)")
            let argument = try Self.run(["translate", "  "], in: directory)
            #expect(argument.status == 64)
            #expect(argument.standardError == "s2s translate: the text to translate is empty; see 's2s translate --help'\n")
        }
    }

    @Test(.enabled(if: ReliabilityBinary.isAvailable, "the s2s executable is not in the build products directory"))
    func translateLongSentenceInPieces() throws {
        try Self.withCheckpoint { directory in
            let started = Date()
            let piped = try Self.run(["translate", "--from", "en"], input: Self.longSentence + "\nred cat .\n", in: directory)
            #expect(piped.status == 0)
            #expect(piped.standardOutput.split(separator: "\n").count == 2)
            #expect(piped.standardError.hasPrefix("warning: 1 line longer than the 12 tokens the model was trained on translated in "))
            #expect(piped.standardError.split(separator: "\n").count == 1)
            let nBest = try Self.run(["translate", "--from", "en", "--beam", "3", "--n-best", "3", Self.longSentence], in: directory)
            #expect(nBest.status == 0)
            #expect(nBest.standardOutput.split(separator: "\n").count == 1 && nBest.standardOutput.hasPrefix("0 ||| "))
            #expect(nBest.standardError.hasPrefix("warning: the text longer than"))
            #expect(Date().timeIntervalSince(started) < 20)
        }
    }

    static let oddTexts = [
        "zyzzyva qwertyuiop xylophone .",
        "red 猫 кошка 🐱 dog ; le chat rouge .",
        "red\u{1B}[31m cat\u{0}\u{7} dog\u{7F} .\u{1B}]0;title\u{7}",
        "\u{202E}big fish\u{200B} \u{FEFF}.",
        String(repeating: "a", count: 100_000),  // (one argument may hold at most 128 KiB)
    ]

    @Test(.enabled(if: ReliabilityBinary.isAvailable, "the s2s executable is not in the build products directory"))
    func translateOddText() throws {
        try Self.withCheckpoint { directory in
            for text in Self.oddTexts {
                // A NUL cannot travel in an argument (it ends the C string); standard input takes it.
                let argument = text.replacingOccurrences(of: "\u{0}", with: "")
                for words in [["translate", "--from", "en", argument], ["translate", "--show-attention", "--beam", "1", argument]] {
                    let result = try Self.run(words, in: directory)
                    #expect(result.status == 0, "\(result.standardError)")
                    #expect(!result.standardOutput.isEmpty)
                    #expect(!Self.hasControlCharacters(result.standardOutput), "\(result.standardOutput.debugDescription)")
                }
                let piped = try Self.run(["translate", "--from", "fr"], input: text + "\n", in: directory)
                #expect(piped.status == 0 && piped.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).count == 2)
                #expect(!Self.hasControlCharacters(piped.standardOutput))
            }
        }
    }

    @Test(.enabled(if: ReliabilityBinary.isAvailable, "the s2s executable is not in the build products directory"))
    func translateInvalidUTF8() throws {
        try Self.withCheckpoint { directory in
            // "red \xFF\xFE cat", a lone lead byte, "big dog": three lines, one ending in CRLF.
            let bytes = Data([0x72, 0x65, 0x64, 0x20, 0xFF, 0xFE, 0x20, 0x63, 0x61, 0x74, 0x0A, 0xC3, 0x0D, 0x0A] + Array("big dog\n".utf8))
            let result = try Self.run(["translate", "--from", "en"], input: bytes, in: directory)
            #expect(result.status == 0)
            let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 4 && !lines[0].isEmpty && !lines[2].isEmpty && lines[3].isEmpty, "\(lines)")
        }
    }

    @Test(.enabled(if: ReliabilityBinary.isAvailable, "the s2s executable is not in the build products directory"))
    func alignAwkwardInput() throws {
        try Self.withCheckpoint { directory in
            let cases: [(words: [String], input: String, status: Int32, message: String?)] = [
                (["align"], "", 1, "s2s align: nothing to align: standard input holds no sentence\n"),
                (["align"], " \n\n", 1, "s2s align: nothing to align: standard input holds no sentence\n"),
                (["align", "--from", "en"], "red cat .\n\tle chat .\n", 1,
                 "s2s align: line 2 of standard input: the source sentence before the tab is empty\n"),
                (["align", ""], "", 1, "s2s align: nothing to align: the source is empty\n"),
                (["align", "\u{7}\u{1}"], "", 1, "s2s align: nothing to align: the source is empty\n"),
                (["align", "--from", "en", "--reference", " ", "red cat ."], "", 1, "s2s align: nothing to align: the reference is empty\n"),
                (["align", "--from", "en", Self.longSentence], "", 1, nil),
                (["align", "--from", "en", "--reference", Self.longSentence, "red cat ."], "", 1, nil),
                (["align", "--from", "en", "red 猫 \u{1B}[2J cat zyzzyva ."], "", 0, nil),
                (["align", "--from", "en", "--format", "json", "--reference", "le chat ✓ \u{1} rouge", "red cat"], "", 0, nil),
                (["align", "--from", "en", "--format", "pharaoh"], "red cat .\tle chat rouge .\nbig dog\n", 0, nil),
            ]
            for c in cases {
                let result = try Self.run(c.words, input: c.input, in: directory)
                #expect(result.status == c.status, "\(c.words): \(result.standardError)")
                if let message = c.message { #expect(result.standardError == message, "\(c.words)") }
                if c.status != 0 {
                    #expect(result.standardError.split(separator: "\n").count == 1, "\(c.words): \(result.standardError)")
                    #expect(result.standardOutput.isEmpty)
                } else {
                    #expect(!result.standardOutput.isEmpty)
                }
                if c.words.contains(Self.longSentence) {
                    #expect(result.standardError.contains("tokens; align handles at most 48 (4 times the training maximum)"))
                }
            }
        }
    }
}
