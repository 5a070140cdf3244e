import Foundation
import Seq2Seq
import Testing

@Suite("SafeTensors fuzzing")
struct SafeTensorsFuzzTests {
    /// `S2S_FUZZ_INPUTS=1000000 swift test -c release --filter SafeTensorsFuzz` runs a long campaign.
    static let inputs = ProcessInfo.processInfo.environment["S2S_FUZZ_INPUTS"].flatMap { Int($0) } ?? 20_000

    @Test("mutated files are accepted or rejected with a proper error, never a crash")
    func campaign() {
        var fuzzer = SafeTensorsFuzzer(seed: 2024)
        let clock = ContinuousClock()
        var report = SafeTensorsFuzzer.Report()
        let elapsed = clock.measure { report = fuzzer.run(inputs: Self.inputs) }
        print("safetensors fuzz: \(report) in \(elapsed)")
        #expect(report.failureCount == 0, "\(report.failures)")
        #expect(report.inputs == Self.inputs)
        // The mutations must reach every stage of validation, not just the length prefix.
        #expect(report.accepted > Self.inputs / 100)
        for kind in [SafeTensorsError.Kind.headerLength, .json, .schema, .dtype, .shape, .offsets, .duplicate, .metadata, .checksum] {
            #expect(report.rejectionsByKind[kind, default: 0] > 0, "no \(kind) rejection: \(report)")
        }
    }

    @Test("the seeds are valid and the same seed gives the same inputs")
    func determinism() {
        for seed in SafeTensorsFuzzer.defaultSeeds() {
            #expect(SafeTensorsFuzzer.check(seed) == .accepted)
        }
        var first = SafeTensorsFuzzer(seed: 7)
        var second = SafeTensorsFuzzer(seed: 7)
        var other = SafeTensorsFuzzer(seed: 8)
        let a = (0..<200).map { _ in first.nextInput() }
        #expect(a == (0..<200).map { _ in second.nextInput() })
        #expect(a != (0..<200).map { _ in other.nextInput() })
    }

    @Test("the contract check notices a broken loader's symptoms")
    func checkCanFail() {
        #expect(SafeTensorsFuzzer.check([1, 2, 3]) == .rejected(.headerLength))
        #expect(SafeTensorsFuzzer.check(RawSafeTensors.file("{}")) == .accepted)
    }
}
