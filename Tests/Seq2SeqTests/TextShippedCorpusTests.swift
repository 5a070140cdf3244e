import Foundation
import Testing
import Seq2Seq

/// Checks the corpus files shipped in `corpora/` (built by `CorpusBuilder`).
@Suite("Shipped corpus")
struct TextShippedCorpusTests {
    static let corpora = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpora")

    @Test func trainingAndTestFilesAreCleanShortAndDisjoint() throws {
        let training = try ParallelCorpus.load(path: Self.corpora.appendingPathComponent("en-fr.tsv").path, strict: true)
        let test = try ParallelCorpus.load(path: Self.corpora.appendingPathComponent("en-fr.test.tsv").path, strict: true)
        #expect(training.pairs.count == 30_000)
        #expect(test.pairs.count == 1_000)

        let english = Tokenizer(language: .en)
        let french = Tokenizer(language: .fr)
        var trainingEnglish = Set<String>()
        var trainingFrench = Set<String>()
        let clock = ContinuousClock()
        var longest = 0
        let elapsed = clock.measure {
            for pair in training.pairs {
                longest = max(longest, english.tokenize(pair.source).count, french.tokenize(pair.target).count)
                trainingEnglish.insert(english.normalize(pair.source))
                trainingFrench.insert(french.normalize(pair.target))
            }
        }
        #expect(longest <= 8)
        // Tokenising the corpus happens at every training start; ~0.1 s in release.
        #expect(elapsed < .seconds(2), "took \(elapsed)")

        var testEnglish = Set<String>()
        for pair in test.pairs {
            #expect(english.tokenize(pair.source).count <= 8 && french.tokenize(pair.target).count <= 8)
            #expect(!trainingEnglish.contains(english.normalize(pair.source)), "\(pair.source)")
            #expect(!trainingFrench.contains(french.normalize(pair.target)), "\(pair.target)")
            testEnglish.insert(english.normalize(pair.source))
        }
        #expect(testEnglish.count == test.pairs.count)

        for greeting in ["Hello!", "Good morning.", "Thank you.", "How are you?", "I love you."] {
            #expect(training.pairs.contains { $0.source == greeting }, "\(greeting)")
        }
        #expect(training.pairs.contains { $0.source == "Hello!" && $0.target == "Bonjour !" })
    }
}
