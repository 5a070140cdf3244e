import Testing
import Seq2Seq

@Suite("Alignment text renderer")
struct AlignmentTextRendererTests {
    @Test func shadesGolden() throws {
        let expected = """
                         f
                         a
                         t
                      s  i  <
                      u  g  /
                   J  i  u  s
                   e  s  é  >
                  ─────────────
                I [██]
               am    [▒▒]░░
            tired     ░░ ░░[▒▒]
            weight 0 ▕  ░░▒▒▓▓██▏ 1   [  ] row maximum
            """
        #expect(AlignmentTextRenderer().render(try AlignmentFixture.alignment()) == expected)
    }

    @Test func numbersGolden() throws {
        let expected = """
                              f
                              a
                              t
                         s    i    <
                         u    g    /
                    J    i    u    s
                    e    s    é    >
                  ─────────────────────
                I [0.90]0.05 0.05 0.00
               am  0.10[0.60]0.25 0.05
            tired  0.05 0.15 0.35[0.45]
            weights to two decimals   [0.00] row maximum
            """
        #expect(AlignmentTextRenderer(numbers: true).render(try AlignmentFixture.alignment()) == expected)
    }

    @Test func bracketsMarkEachRowMaximumOnly() throws {
        let lines = AlignmentTextRenderer(numbers: true).render(try AlignmentFixture.alignment())
            .split(separator: "\n").map(String.init)
        let rows = lines.filter { $0.hasPrefix("    I") || $0.hasPrefix("   am") || $0.hasPrefix("tired") }
        #expect(rows.count == 3)
        for (row, maximum) in zip(rows, ["[0.90]", "[0.60]", "[0.45]"]) {
            #expect(row.contains(maximum))
            #expect(row.filter { $0 == "[" }.count == 1)
            #expect(row.filter { $0 == "]" }.count == 1)
        }
    }

    @Test func plainOutputHasNoEscapesColourOutputHasGreyBackgrounds() throws {
        let alignment = try AlignmentFixture.alignment()
        #expect(!AlignmentTextRenderer().render(alignment).contains("\u{1B}"))
        #expect(!AlignmentTextRenderer(numbers: true).render(alignment).contains("\u{1B}"))

        let coloured = AlignmentTextRenderer(color: true).render(alignment)
        #expect(coloured.contains("\u{1B}[48;5;253m  \u{1B}[0m"))  // 0.90 → grey 232 + 21
        #expect(coloured.contains("\u{1B}[48;5;232m  \u{1B}[0m"))  // 0.00 → darkest grey
        #expect(!coloured.contains("█"))
        let numbers = AlignmentTextRenderer(numbers: true, color: true).render(alignment)
        #expect(numbers.contains("0.90"))
        #expect(numbers.contains(";1m0.90"))  // the row maximum is bold
        #expect(!numbers.contains(";1m0.05"))
    }

    @Test func wideAndCombiningCharactersKeepColumnsAligned() throws {
        // "日本" is 4 columns, "e\u{301}" (decomposed é) is 1, "🙂" is 2.
        let alignment = try AttentionAlignment(
            sourceTokens: ["日本", "cafe\u{301}", "🙂", "</s>"],
            targetTokens: ["日本語", "é", "x"],
            weights: [[0.7, 0.1, 0.1, 0.1], [0.1, 0.7, 0.1, 0.1], [0.1, 0.1, 0.1, 0.7]])
        let lines = AlignmentTextRenderer(numbers: true).render(alignment).split(separator: "\n").map(String.init)
        let ruleIndex = try #require(lines.firstIndex { $0.contains("─") })
        let matrix = lines[ruleIndex...ruleIndex + 3]
        // Label, space, 4 cells with their gutters and the closing gutter; rows whose closing
        // gutter is blank lose it to the trailing-space trim.
        #expect(matrix.map(TerminalDisplayWidth.columns(of:)) == [28, 27, 27, 28])
        let japanese = try #require(lines.first { $0.contains("日") })
        #expect(TerminalDisplayWidth.columns(of: String(japanese.prefix { $0 != "日" })) == 9)
        let emoji = try #require(lines.first { $0.contains("🙂") })
        #expect(TerminalDisplayWidth.columns(of: String(emoji.prefix { $0 != "🙂" })) == 19)
        #expect(lines[ruleIndex + 1].hasPrefix("日本語 [0.70]"))
        #expect(lines[ruleIndex + 2].hasPrefix("     é  0.10[0.70]"))
    }

    @Test func longWordsAreCutAndControlCharactersNeutralised() throws {
        let long = String(repeating: "x", count: 30)
        let alignment = try AttentionAlignment(
            sourceTokens: [long, "\u{1B}[31m", "</s>"], targetTokens: [long], weights: [[0.5, 0.25, 0.25]])
        let text = AlignmentTextRenderer().render(alignment)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let headerHeight = try #require(lines.firstIndex { $0.contains("─") })
        #expect(headerHeight == AlignmentTextRenderer.maximumHeaderHeight)
        #expect(lines[headerHeight - 1].contains("…"))
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains(String(repeating: "x", count: AlignmentTextRenderer.maximumLabelWidth - 1) + "…"))
    }

    @Test func severalAlignmentsAreSeparatedByBlankLine() throws {
        let alignment = try AlignmentFixture.alignment()
        let single = AlignmentTextRenderer().render(alignment)
        #expect(AlignmentTextRenderer().render([alignment, alignment]) == single + "\n\n" + single)
    }
}
