import Foundation

/// Processor time and memory use of the running process, for the benchmarks.
public enum ProcessorTime {
    /// Seconds of processor time used so far by all threads of the process.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    /// The peak resident set size of the process so far, in mebibytes.
    public static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
    }
}
