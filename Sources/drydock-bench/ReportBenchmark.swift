import DrydockCore
import DrydockTesting
import Foundation

/// `drydock report` for one month: wall time and peak RSS of the `drydock report` process (from
/// `wait4`'s rusage), against emulators running in-process in the bench on a live port, for the default
/// fixtures' September 2026 and for a synthetic month of `charters` charters (`SyntheticReportMonth`).
enum ReportBenchmark {
    struct Run {
        let seconds: Double
        /// The report process's own CPU (user + system): what the wall time is on an idle machine at best.
        let cpuSeconds: Double
        let peakRSSKilobytes: Int
    }

    struct Result {
        let label: String
        let charters: Int
        let runs: [Run]
    }

    /// - Parameter keep: a directory to write the synthetic fixture set to and leave there (for
    ///   `drydock exec --fixtures DIR -- drydock report …` by hand); nil: a temporary one, removed.
    static func run(drydock: String, charters: Int, runs: Int, keep: String? = nil) throws -> [Result] {
        let defaults = try measure(drydock: drydock, fixtures: nil, spreadsheet: "1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a",
                                   label: "default fixtures, 2026-09", charters: 13, runs: runs)
        let fixtures = try BenchFixtureSet("bench-report")
        defer { fixtures.remove() }
        FileHandle.standardError.write(Data("bench: generating a \(charters)-charter month\n".utf8))
        try SyntheticReportMonth.write(into: fixtures, charters: charters)
        if let keep {
            try FileManager.default.copyItem(atPath: fixtures.path, toPath: keep)
            FileHandle.standardError.write(Data("bench: synthetic fixtures kept in \(keep)\n".utf8))
        }
        let synthetic = try measure(drydock: drydock, fixtures: fixtures.path, spreadsheet: SyntheticReportMonth.spreadsheetID,
                                    label: "synthetic month", charters: charters, runs: runs)
        return [defaults, synthetic]
    }

    static func measure(drydock: String, fixtures: String?, spreadsheet: String, label: String, charters: Int, runs: Int) throws -> Result {
        let harness = try fixtures.map { try EmulatorHarness(.live, fixturesDirectory: $0) } ?? EmulatorHarness(.live)
        defer { harness.stop() }
        let out = harness.scratch.appending("report.xlsx")
        let arguments = ["report", "--month", "2026-09", "--out", out, "--force", "--spreadsheet", spreadsheet]
        var results: [Run] = []
        for index in 0...runs {
            let run = try spawn(drydock, arguments, environment: harness.processEnvironment)
            if index > 0 { results.append(run) }  // the first run is untimed (page cache, the emulators' first parse)
        }
        return Result(label: label, charters: charters, runs: results)
    }

    /// Runs the child to completion; its wall time and `ru_maxrss`. Output goes to /dev/null; a failure throws.
    static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Run {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        let started = Monotonic.now()
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard code == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(code)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(Monotonic.now() - started) / 1e9
        guard status == 0 else { throw BenchError("drydock \(arguments.joined(separator: " ")) failed (wait status \(status)); stderr went to the bench's") }
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return Run(seconds: seconds, cpuSeconds: cpu, peakRSSKilobytes: Int(usage.ru_maxrss))
    }

    static func rows(_ results: [Result]) -> [BenchRow] {
        results.map { result in
            let times = result.runs.map(\.seconds).sorted()
            let rss = result.runs.map(\.peakRSSKilobytes).sorted()
            let medianTime = times[times.count / 2]
            let medianRSS = rss[rss.count / 2]
            let cpu = result.runs.map(\.cpuSeconds).sorted()[result.runs.count / 2]
            let big = result.charters >= 1000
            return BenchRow(
                measurement: "drydock report, \(result.label) (\(result.charters) charters; \(result.runs.count) runs; median, min–max)",
                drydock: String(format: "%.2f s (%.2f–%.2f), of which %.2f s CPU in drydock; peak RSS %.1f MB (%.1f–%.1f)", medianTime,
                                times.first ?? 0, times.last ?? 0, cpu, Double(medianRSS) / 1024, Double(rss.first ?? 0) / 1024, Double(rss.last ?? 0) / 1024),
                target: big ? "≤ 2 s, ≤ 100 MB" : "—",
                met: big ? (medianTime <= 2 && medianRSS <= 100 * 1024) : nil)
        }
    }
}
