import Foundation

/// Measured values of one figure (milliseconds, megabytes, …), with the order statistics the report uses.
struct Samples: Sendable {
    /// Ascending.
    let sorted: [Double]

    init(_ values: [Double]) {
        precondition(!values.isEmpty, "a figure needs at least one sample")
        sorted = values.sorted()
    }

    var count: Int { sorted.count }
    var min: Double { sorted[0] }
    var max: Double { sorted[sorted.count - 1] }

    /// The middle value (the mean of the two middle values for an even count).
    var median: Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Nearest-rank percentile: the smallest sample with at least `fraction` of all samples at or below it
    /// (so p99 of 20,000 requests is the 19,800th fastest).
    func percentile(_ fraction: Double) -> Double {
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }
}

/// `CLOCK_MONOTONIC` in nanoseconds: immune to wall-clock steps, cheap enough to read per request.
enum Monotonic {
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Milliseconds from `start` to now.
    static func milliseconds(since start: UInt64) -> Double { Double(now() - start) / 1e6 }
}

/// A benchmark could not run (a child failed to start, an endpoint answered an error, …).
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
