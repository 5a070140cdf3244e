import Foundation
import Testing
import Seq2Seq

/// Checks the hand-made gold alignments shipped in `corpora/en-fr.test.align` against the test
/// pairs they annotate. Their indices count the tokens of our `Tokenizer`: a change to the
/// tokenizer that splits or joins words differently breaks the file, and this suite says where.
@Suite("Shipped gold alignments")
struct EvaluationGoldAlignmentFileTests {
    static let goldPath = TextShippedCorpusTests.corpora.appendingPathComponent("en-fr.test.align").path
    static let testPath = TextShippedCorpusTests.corpora.appendingPathComponent("en-fr.test.tsv").path

    @Test func sixtyLinesForTheFirstSixtyTestPairs() throws {
        let text = try String(contentsOfFile: Self.goldPath, encoding: .utf8)
        #expect(text.hasSuffix("\n") && !text.contains("\r"))
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().count == 60)
        let gold = try PharaohAlignmentFormat.parseGold(text, file: Self.goldPath)
        #expect(gold.count == 60)
        // Every pair has a sure link at least (its sentence-final punctuation, if nothing else).
        for (index, alignment) in gold.enumerated() {
            #expect(!alignment.sure.isEmpty, "line \(index + 1) has no sure link")
        }
    }

    /// Indices are 0-based positions in the tokens of the English (source) and French (target)
    /// sides, without `</s>`; `eval --gold-alignments` tokenises with the checkpoint's case
    /// setting, so both settings must give the same token counts.
    @Test(arguments: [false, true])
    func everyIndexIsAToken(keepCase: Bool) throws {
        let text = try String(contentsOfFile: Self.goldPath, encoding: .utf8)
        let gold = try PharaohAlignmentFormat.parseGold(text, file: Self.goldPath)
        let test = try ParallelCorpus.load(path: Self.testPath, strict: true)
        #expect(test.sourceLanguage == .en && test.targetLanguage == .fr)
        try #require(gold.count <= test.pairs.count)
        let english = Tokenizer(language: .en, keepCase: keepCase)
        let french = Tokenizer(language: .fr, keepCase: keepCase)
        for (index, (alignment, pair)) in zip(gold, test.pairs).enumerated() {
            let sourceCount = english.tokenize(pair.source).count
            let targetCount = french.tokenize(pair.target).count
            for link in alignment.possible {
                #expect(link.source < sourceCount && link.target < targetCount,
                        "line \(index + 1): \(link) outside \(sourceCount) × \(targetCount) tokens of \(pair.source) / \(pair.target)")
            }
        }
    }
}
