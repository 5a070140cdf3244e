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
        var machine = parse(cpuinfo: info, cores: ProcessInfo.processInfo.activeProcessorCount)
        machine.hasAVX512 = CPUFeatures.hasAVX512
        return machine
    }

    /// Reads the first processor's model name and flags from the text of /proc/cpuinfo.
    public static func parse(cpuinfo: String, cores: Int) -> MachineDescription {
        var model = "unknown"
        for line in cpuinfo.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"),
                  line[..<colon].trimmingCharacters(in: .whitespaces) == "model name" else { continue }
            model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            break
        }
        return MachineDescription(cpuModel: model, cores: cores,
                                  hasAVX512: CPUFeatures.flags(inCPUInfo: cpuinfo).contains("avx512f"))
    }
}
