/// libFuzzer entry point for the checkpoint loader. Not a SwiftPM target: `Fuzz/run-fuzzer.sh`
/// compiles it together with the library's safetensors sources and `-sanitize=fuzzer,address`.
///
/// Every input must be accepted (and survive re-encoding) or rejected with a one-line
/// `SafeTensorsError`; anything else is turned into a crash so libFuzzer records the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func checkpointLoaderFuzzTest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: size > 0 ? data : nil, count: size)
    if case .failure(let problem) = SafeTensorsFuzzer.check(input) {
        fatalError("safetensors loader broke its contract: \(problem)")
    }
    return 0
}
