import Foundation
import Seq2Seq
import Testing

/// Every numeric option of every command is range-checked by the parser: the table is read from
/// the commands' own help, so an option added later is covered too. Values outside the range,
/// non-finite or unparsable ones are usage errors (status 64, one line); the bounds themselves
/// are accepted.
@Suite struct ReliabilityOptionRangeTests {
    struct NumericOption: CustomStringConvertible {
        var command: String
        var name: String
        var range: String
        var description: String { "\(command) --\(name) (\(range))" }
    }

    static let commands = ["prepare", "train", "translate", "align", "eval", "bench"]

    /// `--name <value> … (range: R; …)` entries of each command's help.
    static func numericOptions() throws -> [NumericOption] {
        var options: [NumericOption] = []
        for command in commands {
            let help = try CommandLineBinaryTests.run([command, "--help"]).standardOutput
            guard let section = help.range(of: "OPTIONS:\n") else { continue }
            // Entries start with "  -"; their wrapped continuation lines are indented further.
            var entries: [String] = []
            for line in help[section.upperBound...].split(separator: "\n") {
                if line.hasPrefix("  -") { entries.append(String(line)) } else if !entries.isEmpty { entries[entries.count - 1] += " " + line }
            }
            for entry in entries {
                let flat = entry.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                guard let range = flat.range(of: "(range: ") else { continue }
                // "(range: [0, 1); default: 0.2)" or, without a default, "(range: (0, 1])".
                let rest = flat[range.upperBound...]
                let text = String(rest.firstIndex(of: ";").map { rest[..<$0] } ?? rest.dropLast())
                let name = flat.split(separator: " ").first { $0.hasPrefix("--") }.map { String($0.dropFirst(2)) } ?? ""
                options.append(NumericOption(command: command, name: name, range: text))
            }
        }
        return options
    }

    /// (value, accepted) probes for a range written as in the help: `1...4096`, `[0, 1)`, `(0, 1]`, `>= 1`, `> 0`.
    static func probes(_ range: String) -> [(String, Bool)] {
        func number(_ s: Substring) -> Double? { Double(s.trimmingCharacters(in: .whitespaces)) }
        var lower: (Double, Bool)? = nil, upper: (Double, Bool)? = nil
        if range.contains("...") {
            let parts = range.components(separatedBy: "...")
            lower = number(Substring(parts[0])).map { ($0, true) }
            upper = number(Substring(parts[1])).map { ($0, true) }
        } else if let first = range.first, first == "[" || first == "(" {
            let parts = range.dropFirst().dropLast().split(separator: ",")
            lower = number(parts[0]).map { ($0, first == "[") }
            upper = number(parts[1]).map { ($0, range.last == "]") }
        } else if range.hasPrefix(">= ") {
            lower = number(range.dropFirst(3)).map { ($0, true) }
        } else if range.hasPrefix("> ") {
            lower = number(range.dropFirst(2)).map { ($0, false) }
        }
        func text(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
        var probes: [(String, Bool)] = [("nan", false), ("inf", false), ("1e999", false), ("", false), ("x", false),
                                        ("-9223372036854775809", false)]
        if let (value, inclusive) = lower {
            probes.append((text(value), inclusive))
            probes.append((text(value - 1), false))
        }
        if let (value, inclusive) = upper {
            probes.append((text(value), inclusive))
            probes.append((text(value + 1), false))
            probes.append(("1e308", false))
        }
        return probes
    }

    @Test(.enabled(if: CommandLineBinaryTests.executable != nil, "the s2s executable is not in the build products directory"))
    func everyNumericOptionIsRangeChecked() throws {
        let options = try Self.numericOptions()
        let names = Set(options.map { "\($0.command) --\($0.name)" })
        // The options the plan names must be among those found (so the help scraping works).
        for expected in ["train --batch", "train --dropout", "train --lr", "train --clip", "train --threads", "train --epochs",
                         "translate --beam", "translate --max-length-ratio", "align --threshold", "prepare --max-tokens",
                         "eval --beam", "bench --steps"] {
            #expect(names.contains(expected), "\(expected) not found among \(names.sorted())")
        }
        // Every bounded range has its bounds probed, so each one costs a few runs.
        for option in options {
            for (value, accepted) in Self.probes(option.range) {
                // A trailing unknown option tells whether the value itself was accepted: the
                // parser reports problems left to right.
                let run = try CommandLineBinaryTests.run([option.command, "--\(option.name)=\(value)", "--zz-not-an-option"])
                #expect(run.status == 64, "\(option) \(value): \(run.standardError)")
                #expect(run.standardError.split(separator: "\n").count == 1)
                let verdict = run.standardError.contains("invalid value '\(value)' for option '--\(option.name)'")
                #expect(verdict != accepted, "\(option) value '\(value)': \(run.standardError)")
                if accepted { #expect(run.standardError.contains("unknown option '--zz-not-an-option'")) }
            }
        }
    }

    @Test(.enabled(if: CommandLineBinaryTests.executable != nil, "the s2s executable is not in the build products directory"))
    func threadsAreLimitedToTheMachine() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for command in ["train", "translate", "eval", "bench"] {
            let run = try CommandLineBinaryTests.run([command, "--threads", "\(cores + 1)"])
            #expect(run.status == 64)
            #expect(run.standardError.hasPrefix("s2s \(command): invalid value '\(cores + 1)' for option '--threads': must be in 1...\(cores)"))
        }
        for (words, message) in [(["train", "c", "--batch", "0"], "invalid value '0' for option '--batch': must be in 1...4096"),
                                 (["train", "c", "--dropout", "1"], "invalid value '1' for option '--dropout': must be in [0, 1)"),
                                 (["train", "c", "--clip", "1e308"], "invalid value '1e308' for option '--clip'"),
                                 (["translate", "--max-length-ratio", "1e308", "x"], "invalid value '1e308' for option '--max-length-ratio'")] {
            let run = try CommandLineBinaryTests.run(words)
            #expect(run.status == 64 && run.standardError.contains(message), "\(words): \(run.standardError)")
        }
    }
}
