import Foundation

/// The machine a benchmark ran on, as far as the process can tell.
public struct MachineDescription: Codable, Sendable, Equatable {
    /// The CPU model name (`model name` in /proc/cpuinfo), or "unknown".
    public var cpuModel: String
    /// Processors available to the process.
    public var cores: Int
    /// Whether the CPU reports 512-bit vector instructions (AVX-512F).
    public var hasAVX512: Bool

    public init(cpuModel: String, cores: Int, hasAVX512: Bool) {
        self.cpuModel = cpuModel
        self.cores = cores
        self.hasAVX512 = hasAVX512
    }

    /// The machine this process runs on.
    public static var current: MachineDescription {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return parse(cpuinfo: info, cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Reads the first processor's model name and flags from the text of /proc/cpuinfo.
    public static func parse(cpuinfo: String, cores: Int) -> MachineDescription {
        var model = "unknown", avx512 = false
        for line in cpuinfo.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if key == "model name" && model == "unknown" { model = value }
            if key == "flags" && value.split(separator: " ").contains("avx512f") { avx512 = true }
        }
        return MachineDescription(cpuModel: model, cores: cores, hasAVX512: avx512)
    }
}
