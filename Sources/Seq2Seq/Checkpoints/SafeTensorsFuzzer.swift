/// A deterministic mutation fuzzer for the safetensors loader.
///
/// Each input is a seed file with one to four seeded mutations: byte-level ones (bit flips, byte
/// sets, truncations, insertions, deletions, header-length rewrites) and header-aware ones that
/// edit the JSON while keeping the length prefix consistent, so inputs get past the first checks
/// (huge or negative numbers, swapped offsets, other dtypes, duplicated names, values of the wrong
/// type, deep nesting). `check` states the loader's contract: it accepts or throws a
/// `SafeTensorsError` with a one-line message, never traps, and whatever it accepts re-encodes to
/// a file that decodes to the same contents. The same `seed` always produces the same inputs.
public struct SafeTensorsFuzzer {
    /// What the loader did with one input.
    public enum Outcome: Equatable, Sendable {
        /// The input decoded (and its re-encoding decoded to the same contents).
        case accepted
        /// The input was rejected with a well-formed error of this kind.
        case rejected(SafeTensorsError.Kind)
        /// The loader broke its contract, as described.
        case failure(String)
    }

    /// Counts over a run.
    public struct Report: CustomStringConvertible, Sendable {
        /// Inputs tried.
        public var inputs = 0
        /// Inputs the loader accepted.
        public var accepted = 0
        /// Rejections per error kind.
        public var rejectionsByKind: [SafeTensorsError.Kind: Int] = [:]
        /// Contract violations (the first few, with the input's index).
        public var failures: [String] = []
        /// All contract violations.
        public var failureCount = 0

        /// An empty tally.
        public init() {}

        /// Inputs the loader rejected.
        public var rejected: Int { rejectionsByKind.values.reduce(0, +) }

        public var description: String {
            let kinds = SafeTensorsError.Kind.allCases.compactMap { kind in
                rejectionsByKind[kind].map { "\(kind.rawValue) \($0)" }
            }.joined(separator: ", ")
            return "\(inputs) inputs: \(accepted) accepted, \(rejected) rejected (\(kinds)), \(failureCount) failures"
        }
    }

    /// The valid files mutations start from.
    public let seeds: [[UInt8]]
    private var random: RandomGenerator

    /// A fuzzer over `seeds` (by default `defaultSeeds()`) whose inputs are determined by `seed`.
    public init(seeds: [[UInt8]] = SafeTensorsFuzzer.defaultSeeds(), seed: UInt64) {
        self.seeds = seeds.isEmpty ? [[]] : seeds
        self.random = RandomGenerator(seed: seed)
    }

    /// Tries `count` mutated inputs and tallies the outcomes.
    public mutating func run(inputs count: Int) -> Report {
        var report = Report()
        for index in 0..<max(0, count) {
            let input = nextInput()
            report.inputs += 1
            switch Self.check(input) {
            case .accepted:
                report.accepted += 1
            case .rejected(let kind):
                report.rejectionsByKind[kind, default: 0] += 1
            case .failure(let problem):
                report.failureCount += 1
                if report.failures.count < 10 { report.failures.append("input \(index): \(problem)") }
            }
        }
        return report
    }

    /// Loads `input` and checks the loader's contract.
    public static func check(_ input: UnsafeRawBufferPointer) -> Outcome {
        let source = "fuzz/input.safetensors"
        let file: SafeTensorsFile
        do {
            file = try SafeTensorsFile(bytes: input, source: source)
        } catch let error as SafeTensorsError {
            let message = error.description
            guard message.hasPrefix(source + ": "), !message.contains("\n"), !message.contains("\r") else {
                return .failure("malformed error message: \(message)")
            }
            return .rejected(error.kind)
        } catch {
            return .failure("threw a foreign error: \(error)")
        }
        do {
            let reloaded = try SafeTensorsFile(bytes: try file.serialized(), source: source)
            guard reloaded == file else { return .failure("accepted input does not survive re-encoding") }
        } catch {
            return .failure("accepted input cannot be re-encoded: \(error)")
        }
        return .accepted
    }

    /// Loads `input` and checks the loader's contract.
    public static func check(_ input: [UInt8]) -> Outcome {
        input.withUnsafeBytes { check($0) }
    }

    /// The next mutated input.
    public mutating func nextInput() -> [UInt8] {
        var input = seeds[below(seeds.count)]
        for _ in 0...below(4) {
            if below(2) == 0, let header = Self.headerRange(of: input) {
                editHeader(&input, header: header)
            } else {
                mutateBytes(&input)
            }
        }
        return input
    }

    // MARK: Byte-level mutations

    private mutating func mutateBytes(_ input: inout [UInt8]) {
        switch below(8) {
        case 0 where !input.isEmpty:
            input[below(input.count)] ^= UInt8(1) << UInt8(below(8))
        case 1 where !input.isEmpty:
            input[below(input.count)] = below(2) == 0 ? Self.interestingBytes[below(Self.interestingBytes.count)]
                                                      : UInt8(truncatingIfNeeded: random.next())
        case 2:
            input.removeSubrange(below(input.count + 1)...)
        case 3:
            let chunk = below(2) == 0 ? Self.interestingTokens[below(Self.interestingTokens.count)]
                                      : (0..<1 + below(16)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            input.insert(contentsOf: chunk, at: below(input.count + 1))
        case 4 where !input.isEmpty:
            let start = below(input.count)
            input.removeSubrange(start..<min(input.count, start + 1 + below(32)))
        case 5 where !input.isEmpty:
            let start = below(input.count)
            let chunk = Array(input[start..<min(input.count, start + 1 + below(64))])
            input.insert(contentsOf: chunk, at: below(input.count + 1))
        case 6:
            input.append(contentsOf: (0..<1 + below(12)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        default:
            rewriteHeaderLength(&input)
        }
    }

    private mutating func rewriteHeaderLength(_ input: inout [UInt8]) {
        while input.count < 8 { input.append(0) }
        let current = input.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        let size = UInt64(input.count)
        let candidates: [UInt64] = [0, 1, 2, 7, 8, current &- 1, current &+ 1, current &+ 8, size &- 8, size &- 7, size,
                                    100_000_000, 100_000_001, 1 << 31, 1 << 32, UInt64(Int64.max), UInt64.max,
                                    UInt64.max - 7, random.next()]
        let value = candidates[below(candidates.count)]
        withUnsafeBytes(of: value.littleEndian) { bytes in
            for index in 0..<8 { input[index] = bytes[index] }
        }
    }

    // MARK: Header-aware mutations

    /// The byte range of the JSON header, when the length prefix is in bounds.
    private static func headerRange(of input: [UInt8]) -> Range<Int>? {
        guard input.count >= 8 else { return nil }
        let length = input.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard length <= UInt64(input.count - 8) else { return nil }
        return 8..<(8 + Int(length))
    }

    private mutating func editHeader(_ input: inout [UInt8], header: Range<Int>) {
        let tokens = Self.tokens(in: input, header: header)
        let strings = tokens.filter { $0.isString }.map(\.range)
        let numbers = tokens.filter { !$0.isString }.map(\.range)
        var edited = input
        switch below(5) {
        case 0 where !numbers.isEmpty:
            let target = numbers[below(numbers.count)]
            edited.replaceSubrange(target, with: Self.interestingNumbers[below(Self.interestingNumbers.count)].utf8)
        case 1 where numbers.count >= 2:
            // Swapping two numbers swaps offsets within or across tensors, or moves a dimension.
            var first = numbers[below(numbers.count)]
            var second = numbers[below(numbers.count)]
            if first.lowerBound > second.lowerBound { swap(&first, &second) }
            guard first.upperBound <= second.lowerBound else { return }
            let firstBytes = Array(input[first])
            edited.replaceSubrange(second, with: firstBytes)
            edited.replaceSubrange(first, with: input[second])
        case 2 where !strings.isEmpty:
            let target = strings[below(strings.count)]
            if below(2) == 0 {
                // Another string of the same header: duplicate names, swapped keys, names as dtypes.
                edited.replaceSubrange(target, with: input[strings[below(strings.count)]])
            } else {
                edited.replaceSubrange(target, with: Self.interestingStrings[below(Self.interestingStrings.count)])
            }
        case 3 where !tokens.isEmpty:
            let target = Self.valueRange(around: tokens[below(tokens.count)].range, in: input, header: header)
            edited.replaceSubrange(target, with: Self.interestingValues[below(Self.interestingValues.count)])
        default:
            // Repeat a member ("key": value,) so a name or key occurs twice.
            guard let member = strings.randomMember(using: &random) else { return }
            let end = Self.valueRange(around: member, in: input, header: header).upperBound
            guard end < header.upperBound else { return }
            var copy = Array(input[member.lowerBound..<end])
            copy.append(UInt8(ascii: ","))
            edited.insert(contentsOf: copy, at: member.lowerBound)
        }
        // Usually keep the length prefix consistent so that the edit reaches the deeper checks.
        if below(8) != 0 {
            let newLength = UInt64(header.count + edited.count - input.count)
            withUnsafeBytes(of: newLength.littleEndian) { bytes in
                for index in 0..<8 { edited[index] = bytes[index] }
            }
        }
        input = edited
    }

    private struct Token {
        var range: Range<Int>
        var isString: Bool
    }

    /// String and number tokens of a (possibly already damaged) header, found leniently.
    private static func tokens(in input: [UInt8], header: Range<Int>) -> [Token] {
        var tokens: [Token] = []
        var index = header.lowerBound
        while index < header.upperBound {
            let byte = input[index]
            if byte == UInt8(ascii: "\"") {
                var end = index + 1
                while end < header.upperBound && input[end] != UInt8(ascii: "\"") {
                    end += input[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard end < header.upperBound else { break }
                tokens.append(Token(range: index..<(end + 1), isString: true))
                index = end + 1
            } else if byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                var end = index + 1
                while end < header.upperBound, Self.numberBytes.contains(input[end]) { end += 1 }
                tokens.append(Token(range: index..<end, isString: false))
                index = end
            } else {
                index += 1
            }
        }
        return tokens
    }

    /// The token's range, or for a key the range of the value after its colon.
    private static func valueRange(around token: Range<Int>, in input: [UInt8], header: Range<Int>) -> Range<Int> {
        var index = token.upperBound
        while index < header.upperBound, input[index] == UInt8(ascii: " ") { index += 1 }
        guard index < header.upperBound, input[index] == UInt8(ascii: ":") else { return token }
        index += 1
        let start = index
        guard index < header.upperBound else { return token }
        let open = input[index]
        let close: UInt8? = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : open == UInt8(ascii: "[") ? UInt8(ascii: "]") : nil
        if let close {
            var depth = 0
            while index < header.upperBound {
                if input[index] == open { depth += 1 }
                if input[index] == close {
                    depth -= 1
                    if depth == 0 { return start..<(index + 1) }
                }
                index += 1
            }
            return token
        }
        while index < header.upperBound, input[index] != UInt8(ascii: ","), input[index] != UInt8(ascii: "}") { index += 1 }
        return start..<index
    }

    private mutating func below(_ bound: Int) -> Int {
        bound <= 1 ? 0 : Int(random.next() % UInt64(bound))
    }

    // MARK: Dictionaries

    private static let numberBytes = Set("0123456789-+.eE".utf8)
    private static let interestingBytes: [UInt8] = Array("\"{}[],:-09\\ e.".utf8) + [0, 0x7F, 0x80, 0xC3, 0xFF]
    private static let interestingTokens: [[UInt8]] = [
        "\"", "{", "}", "[", "]", ",", ":", "\\u", "\\ud800", "null", "-", "1e9", "\"__metadata__\":",
        "\"dtype\":\"F32\",", "\"shape\":[],", "\"data_offsets\":[0,0]",
    ].map { Array($0.utf8) }
    private static let interestingNumbers = [
        "0", "1", "3", "4", "-1", "-0", "7", "8", "16", "255", "256", "4096", "65536", "2147483647", "2147483648",
        "4294967295", "4294967296", "4611686018427387904", "9223372036854775807", "9223372036854775808",
        "18446744073709551615", "18446744073709551616", "99999999999999999999999999", "1.5", "1e3", "1E+2",
        "0.0", "01", "-", "1e", "2305843009213693952", "4611686018427387903",
    ]
    private static let interestingStrings: [[UInt8]] = [
        "\"F16\"", "\"BF16\"", "\"F64\"", "\"I32\"", "\"U8\"", "\"BOOL\"", "\"f32\"", "\"F32 \"", "\"\"",
        "\"__metadata__\"", "\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"s2s.checksum\"", "\"crc32c:00000000\"",
        "\"crc32c:\"", "\"xxh64:0123456789abcdef\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\u0041\\u00e9\"",
        "\"\\q\"", "\"\\u12\"", "\"tab\there\"",
    ].map { Array($0.utf8) } + [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xE2, 0x82, 0x22], [0x22, 0x0A, 0x22]]
    private static let interestingValues: [[UInt8]] = [
        "null", "true", "false", "{}", "[]", "[0]", "[0,0]", "[1,2,3]", "[-1]", "[[1]]", "{\"a\":\"b\"}", "{\"a\":1}",
        "1.5", "\"x\"", "[18446744073709551615]", "[9223372036854775807,2]", "[4611686018427387904,4]",
        "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]",
        String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
        String(repeating: "{\"a\":", count: 100) + "1" + String(repeating: "}", count: 100),
    ].map { Array($0.utf8) }

    // MARK: Seeds

    /// Small valid files covering the format's corners: several tensors including a scalar and
    /// zero-size ones, Unicode and escaped metadata, with and without checksum, and no tensors.
    public static func defaultSeeds() -> [[UInt8]] {
        var random = RandomGenerator(seed: 0x5EED)
        func tensor(_ shape: [Int]) -> Tensor {
            let count = shape.reduce(1, *)
            return Tensor(shape: shape, scalars: (0..<count).map { _ in random.nextUniform(limit: 2) })
        }
        let full = SafeTensorsFile(
            tensors: [
                ("encoder.embedding", tensor([4, 3])),
                ("encoder.bias", tensor([3])),
                ("temperature", tensor([])),
                ("empty.rows", tensor([0, 5])),
                ("decoder.weight", tensor([2, 2, 2])),
                ("empty.scalarless", tensor([7, 0])),
            ],
            metadata: ["epoch": "3", "source": "Le chat dort. « Où est-il ? »", "note": "tab\tquote\" newline\n"])
        let single = SafeTensorsFile(tensors: [("w", tensor([2, 2]))])
        var seeds: [[UInt8]] = []
        for (file, checksum) in [(full, true), (full, false), (single, false), (SafeTensorsFile(), true)] {
            if let bytes = try? file.serialized(source: "seed", includeChecksum: checksum) { seeds.append(bytes) }
        }
        return seeds
    }
}

extension Array {
    fileprivate func randomMember(using random: inout RandomGenerator) -> Element? {
        isEmpty ? nil : self[Int(random.next() % UInt64(count))]
    }
}
