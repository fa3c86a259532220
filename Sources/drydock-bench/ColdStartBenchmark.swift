import DrydockHTTP
import Foundation

/// Spawn to first `200` on `GET /_drydock/health` for `drydock emulators serve --port 0 --quiet`.
///
/// The clock starts before `posix_spawn` and stops when the health answer arrives, so it includes exec,
/// dynamic linking, fixture loading, binding, printing the `export` lines (the port is read from them)
/// and one HTTP round trip. One untimed run first pages the binary in: this is a process cold start,
/// not a page-cache cold start.
enum ColdStartBenchmark {
    struct Result {
        /// Spawn to the first 200, per run (ms).
        let toHealth: Samples
        /// Spawn to the URL line on stdout, per run (ms).
        let toURLLine: Samples
    }

    static func run(drydock: String, runs: Int) throws -> Result {
        var toHealth: [Double] = []
        var toURLLine: [Double] = []
        for run in 0...runs {
            let client = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 5))
            let start = Monotonic.now()
            let serve = try ServeProcess(drydock: drydock)
            let printed = Monotonic.milliseconds(since: start)
            try serve.waitForHealth(client: client)
            let healthy = Monotonic.milliseconds(since: start)
            serve.stop()
            guard run > 0 else { continue }
            toURLLine.append(printed)
            toHealth.append(healthy)
            progress("cold start \(run)/\(runs): \(Format.ms(healthy))")
        }
        return Result(toHealth: Samples(toHealth), toURLLine: Samples(toURLLine))
    }

    static func rows(_ result: Result, peer: PeerFigures?) -> [BenchRow] {
        let health = result.toHealth
        var row = BenchRow(
            measurement: "Cold start: spawn `emulators serve --port 0` → first health 200 (\(health.count) runs; median, min–max)",
            drydock: "\(Format.ms(health.median)) (\(Format.range(health.min, health.max)))",
            target: "≤ 50 ms median", met: health.median <= 50)
        if let cold = peer?.coldStartMs {
            row.peer = "\(Format.ms(cold.median)) (\(Format.range(cold.min, cold.max)); \(cold.count) runs)"
        }
        return [row]
    }
}
