import DrydockHTTP
import DrydockTesting
import Foundation

/// Resident memory of an idle `drydock emulators serve`: started with `--port 0 --quiet --sandbox DIR`
/// (the sandbox supplies the client and refresh token), health 200, one `POST /token`, one second idle,
/// then `VmRSS` from `/proc/<pid>/status`.
enum IdleRSSBenchmark {
    struct Result {
        /// `VmRSS` per run (kB).
        let total: Samples
        /// `RssAnon` per run (kB): the private part; the rest is shared-library pages.
        let anonymous: Samples
    }

    static func run(drydock: String, runs: Int) throws -> Result {
        var kilobytes: [Double] = []
        var anonymous: [Double] = []
        for run in 1...runs {
            let scratch = try TemporaryDirectory("bench-rss")
            defer { scratch.remove() }
            let serve = try ServeProcess(drydock: drydock, extraArguments: ["--sandbox", scratch.appending("secrets")])
            defer { serve.stop() }
            let client = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 5))
            try serve.waitForHealth(client: client)
            let credentials = try SandboxCredentials(secretsDirectory: scratch.appending("secrets"))
            let response = try client.send(credentials.tokenRequest)
            guard response.status == 200 else { throw BenchError("POST /token answered \(response.status): \(response.bodyText)") }
            usleep(1_000_000)
            let rss = try serve.residentKilobytes
            kilobytes.append(rss.total)
            anonymous.append(rss.anonymous)
            progress("idle RSS \(run)/\(runs): \(Format.mb(rss.total)) (anonymous \(Format.mb(rss.anonymous)))")
        }
        return Result(total: Samples(kilobytes), anonymous: Samples(anonymous))
    }

    static func rows(_ result: Result, peer: PeerFigures?) -> [BenchRow] {
        let rss = result.total
        var row = BenchRow(
            measurement: "Idle RSS (VmRSS) after health + 1 token request + 1 s (\(rss.count) runs; median, min–max)",
            drydock: "\(Format.mb(rss.median)) (\(Format.range(rss.min / 1024, rss.max / 1024))); "
                + "of which anonymous \(Format.mb(result.anonymous.median))",
            target: "≤ 25 MB median", met: rss.median <= 25 * 1024)
        if let peerRSS = peer?.idleRSSKilobytes {
            row.peer = "\(Format.mb(peerRSS.median)) (\(Format.range(peerRSS.min / 1024, peerRSS.max / 1024)); \(peerRSS.count) runs)"
        }
        return [row]
    }
}
