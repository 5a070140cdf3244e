import Foundation
import Testing
import Seq2Seq

@Suite("CorpusBuilder")
struct TextCorpusBuilderTests {
    /// A small source in the Tatoeba layout: several translations per English sentence,
    /// a long pair, a duplicate, and the greetings.
    static func writeSource(in directory: URL) throws -> String {
        var lines: [String] = [
            "Hello!\tBonjour !\t", "Hello!\tSalut !\t", "Thank you.\tMerci\u{202F}!\t",
            "Hello!\tBonjour !\t",  // exact duplicate
            "Good morning.\tBonjour !\t",
            "This sentence is much too long to be kept in the corpus.\tCette phrase est bien trop longue.\t",
        ]
        for index in 0..<150 {
            lines.append("I have \(index) cats.\tJ'ai \(index) chats.\t")
            lines.append("I have \(index) cats.\tJ’ai \(index) chattes.\t")
            lines.append("Tom's number is \(index).\tLe numéro de Tom est \(index).\t")
        }
        let path = directory.appendingPathComponent("tatoeba-en-fr.tsv")
        try Data(lines.joined(separator: "\n").utf8).write(to: path)
        return path.path
    }

    static func options(_ directory: URL, source: String, seed: UInt64 = 0) -> CorpusBuilder.Options {
        CorpusBuilder.Options(sourcePath: source,
                              trainingOutputPath: directory.appendingPathComponent("out/en-fr.tsv").path,
                              testOutputPath: directory.appendingPathComponent("out/en-fr.test.tsv").path,
                              maxTokens: 8, trainingPairs: 120, testPairs: 40, seed: seed,
                              alwaysInclude: ["Hello!", "Thank you.", "Good night."])
    }

    @Test func buildsDisjointDeterministicSplits() throws {
        let directory = try ParallelCorpusTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try Self.writeSource(in: directory)
        let options = Self.options(directory, source: source)

        let report = try CorpusBuilder.build(options)
        #expect(report.sourcePairs == 456)
        #expect(report.tooLong == 1)
        #expect(report.duplicates == 1)
        #expect(report.candidates == 454)
        #expect(report.trainingPairs == 120)
        #expect(report.testPairs == 40)
        #expect(report.alwaysIncludedPairs == 3)
        #expect(report.alwaysIncludeMissing == ["Good night."])

        let training = try ParallelCorpus.load(path: options.trainingOutputPath, strict: true)
        let test = try ParallelCorpus.load(path: options.testOutputPath, strict: true)
        #expect(training.pairs.count == 120 && test.pairs.count == 40)
        let normalizer = TextNormalizer()
        let trainingSources = Set(training.pairs.map { normalizer.normalize($0.source) })
        let trainingTargets = Set(training.pairs.map { normalizer.normalize($0.target) })
        for pair in test.pairs {
            #expect(!trainingSources.contains(normalizer.normalize(pair.source)), "\(pair.source)")
            #expect(!trainingTargets.contains(normalizer.normalize(pair.target)), "\(pair.target)")
        }
        // Greetings are in training with raw text kept; "Bonjour !" is therefore not in test.
        #expect(training.pairs.contains { $0.source == "Thank you." && $0.target == "Merci\u{202F}!" })
        #expect(training.pairs.filter { $0.source == "Hello!" }.count == 2)
        #expect(!test.pairs.contains { $0.target == "Bonjour !" })
        #expect(!training.pairs.contains { $0.source.hasPrefix("This sentence") })
        // The sample is spread over the whole source, not taken from its first lines.
        let numbers = test.pairs.compactMap { Int($0.source.filter(\.isNumber)) }
        #expect(numbers.contains { $0 < 50 } && numbers.contains { $0 >= 100 })

        let firstBytes = try Data(contentsOf: URL(fileURLWithPath: options.trainingOutputPath))
        #expect(firstBytes.last == 0x0A)
        try CorpusBuilder.build(options)
        #expect(try Data(contentsOf: URL(fileURLWithPath: options.trainingOutputPath)) == firstBytes)
        try CorpusBuilder.build(Self.options(directory, source: source, seed: 1))
        #expect(try Data(contentsOf: URL(fileURLWithPath: options.trainingOutputPath)) != firstBytes)
    }

    @Test func failsWhenNothingIsShortEnough() throws {
        let directory = try ParallelCorpusTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try Self.writeSource(in: directory)
        var options = Self.options(directory, source: source)
        options.maxTokens = 1
        #expect(throws: CorpusBuilderError.self) { try CorpusBuilder.build(options) }
    }
}
