import Testing
import Seq2Seq

@Suite("Terminal colour and display width")
struct AlignmentTerminalTests {
    @Test func noColorSemantics() {
        // https://no-color.org: present and non-empty disables colour, whatever the value.
        #expect(TerminalCapabilities.shouldUseColor(environment: [:], isTerminal: true))
        #expect(!TerminalCapabilities.shouldUseColor(environment: ["NO_COLOR": "1"], isTerminal: true))
        #expect(!TerminalCapabilities.shouldUseColor(environment: ["NO_COLOR": "0"], isTerminal: true))
        #expect(!TerminalCapabilities.shouldUseColor(environment: ["NO_COLOR": "false"], isTerminal: true))
        #expect(TerminalCapabilities.shouldUseColor(environment: ["NO_COLOR": ""], isTerminal: true))
        #expect(TerminalCapabilities.shouldUseColor(environment: ["TERM": "xterm-256color"], isTerminal: true))
    }

    @Test func noColourWithoutTerminalOrOnDumbTerminal() {
        #expect(!TerminalCapabilities.shouldUseColor(environment: [:], isTerminal: false))
        #expect(!TerminalCapabilities.shouldUseColor(environment: ["NO_COLOR": ""], isTerminal: false))
        #expect(!TerminalCapabilities.shouldUseColor(environment: ["TERM": "dumb"], isTerminal: true))
    }

    @Test func displayWidthCountsScalarsNotBytes() {
        #expect(TerminalDisplayWidth.columns(of: "fatigué") == 7)          // 8 bytes in UTF-8
        #expect(TerminalDisplayWidth.columns(of: "fatigue\u{301}") == 7)   // combining acute accent
        #expect(TerminalDisplayWidth.columns(of: "l’intérieur") == 11)
        #expect(TerminalDisplayWidth.columns(of: "日本語") == 6)
        #expect(TerminalDisplayWidth.columns(of: "ｱ") == 1)                  // halfwidth katakana
        #expect(TerminalDisplayWidth.columns(of: "Ａ") == 2)                 // fullwidth Latin
        #expect(TerminalDisplayWidth.columns(of: "🙂") == 2)
        #expect(TerminalDisplayWidth.columns(of: "a\u{200B}b") == 2)         // zero-width space
    }

    @Test func truncationAndPadding() {
        #expect(TerminalDisplayWidth.truncated("intérieur", toColumns: 5) == "inté…")
        #expect(TerminalDisplayWidth.truncated("court", toColumns: 5) == "court")
        #expect(TerminalDisplayWidth.truncated("日本語", toColumns: 4) == "日…")
        #expect(TerminalDisplayWidth.padLeft("é", toColumns: 3) == "  é")
        #expect(TerminalDisplayWidth.padLeft("日本", toColumns: 5) == " 日本")
        #expect(TerminalDisplayWidth.sanitized("a\u{1B}[0m\tb") == "a\u{FFFD}[0m\u{FFFD}b")
    }

    @Test func shadeRampLevels() {
        #expect(AlignmentShadeRamp.glyphs == [" ", "░", "▒", "▓", "█"])
        #expect([0, 0.1, 0.13, 0.3, 0.5, 0.7, 0.9, 1].map { AlignmentShadeRamp.level(for: $0) } == [0, 0, 1, 1, 2, 3, 4, 4])
        #expect(AlignmentShadeRamp.ansiGrey(for: 0) == 232)
        #expect(AlignmentShadeRamp.ansiGrey(for: 1) == 255)
    }
}
