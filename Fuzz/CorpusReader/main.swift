/// libFuzzer entry point for the corpus (TSV) reader. Not a SwiftPM target:
/// `Fuzz/run-corpus-fuzzer.sh` compiles it with the library's Text sources, the contract in
/// Tests/Seq2SeqTests/ReliabilityCorpusFuzzTests.swift and `-sanitize=fuzzer,address`.
///
/// Every input must be read exactly as the reference reading says (accepted, or rejected with
/// a one-line `ParallelCorpusError`), in lenient and strict mode; anything else is turned into a
/// crash so that libFuzzer records the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func corpusReaderFuzzTest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    if case .failure(let problem) = CorpusReaderFuzzer.check(input) {
        fatalError("corpus reader broke its contract: \(problem)")
    }
    return 0
}
