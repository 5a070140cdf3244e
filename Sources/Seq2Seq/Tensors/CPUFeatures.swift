import Foundation

/// What the processor offers that the kernels care about, read once per process.
public enum CPUFeatures {
    /// Whether the CPU has 512-bit vector instructions (AVX-512F), and with them 32 vector
    /// registers: room for the wide GEMM register tile.
    public static let hasAVX512: Bool = {
        #if os(Linux)
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return flags(inCPUInfo: info).contains("avx512f")
        #elseif arch(x86_64) && canImport(Darwin)
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        return sysctlbyname("hw.optional.avx512f", &value, &size, nil, 0) == 0 && value != 0
        #else
        return false
        #endif
    }()

    /// The feature flags of the first processor listed in the text of /proc/cpuinfo.
    public static func flags(inCPUInfo text: String) -> Set<String> {
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"),
                  line[..<colon].trimmingCharacters(in: .whitespaces) == "flags" else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }
}
