import Foundation
import Seq2Seq
import Testing

@Suite struct CommandLineToolTests {
    @Test func dispatchesToTheNamedCommandWithItsArguments() throws {
        var received: ParsedArguments?
        let result = runFixtureTool(["translate", "--from", "en", "Hello.", "Good night."]) { received = $0 }
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty && result.standardError.isEmpty)
        #expect(received?.spec.name == "translate")
        #expect(received?.strings("text") == ["Hello.", "Good night."])
        #expect(try received?.choice("from") == "en")
    }

    @Test func commandWithoutArgumentsRunsWhenNoneAreRequired() {
        var ran = false
        let result = runFixtureTool(["align"]) { _ in ran = true }
        #expect(result.status == 0)
        #expect(ran)
    }

    @Test func helpForOneCommandIsAvailableWithoutRunning() {
        let output = CommandLineCapture()
        let tool = CommandLineTool(
            name: "s2s", version: "0.1.0", abstract: "Test.",
            commands: [Command(CommandLineFixtures.align) { _ in }],
            standardOutput: { output.standardOutput += $0 }, standardError: { output.standardError += $0 })
        #expect(tool.helpText(for: "align") == CommandLineFixtures.align.helpText(commandPath: "s2s align"))
        #expect(tool.helpText(for: "train") == nil)
        #expect(output.standardOutput.isEmpty)
    }
}
