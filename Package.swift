// swift-tools-version:6.0
import PackageDescription
import Foundation

// The kernels are written for wide SIMD with fused multiply-add. Without a target-CPU flag the
// compiler targets baseline x86-64 (SSE2) and `SIMD16.addingProduct` becomes sixteen calls to
// `fmaf`, about 150x slower. Release builds therefore target the build machine's CPU.
// Set S2S_TARGET_CPU to cross-compile for another CPU (for example `znver4`, `skylake-avx512`,
// `x86-64`), or S2S_PORTABLE=1 to build without any target-CPU flag (slower, runs anywhere).
let environment = ProcessInfo.processInfo.environment
var releaseFlags: [String] = []
if environment["S2S_PORTABLE"] == nil {
    #if arch(x86_64)
    releaseFlags += ["-target-cpu", environment["S2S_TARGET_CPU"] ?? "native"]
    #endif
}

let optimisation: [SwiftSetting] = [
    .unsafeFlags(releaseFlags, .when(configuration: .release)),
    .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "s2s",
    products: [
        .library(name: "Seq2Seq", targets: ["Seq2Seq"]),
        .executable(name: "s2s", targets: ["s2s"]),
    ],
    targets: [
        .target(name: "Seq2Seq", swiftSettings: optimisation),
        .executableTarget(name: "s2s", dependencies: ["Seq2Seq"], swiftSettings: optimisation),
        .testTarget(name: "Seq2SeqTests", dependencies: ["Seq2Seq"], exclude: ["Fixtures"], swiftSettings: optimisation),
    ],
    swiftLanguageModes: [.v5]
)
