import Foundation

/// What the figures were measured on, printed under the table.
enum Machine {
    /// `2 CPUs (nproc), Intel(R) Xeon(R) Processor`.
    static var description: String {
        let cpuinfo = ProcFile.read("/proc/cpuinfo") ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return "\(ProcessInfo.processInfo.activeProcessorCount) CPUs (nproc), \(model)"
    }

    /// The 1, 5 and 15 minute load averages: other work on the machine skews every figure.
    static var loadAverage: String {
        let text = ProcFile.read("/proc/loadavg") ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
