import Foundation

/// The DynamoDB table: operation | Drydock req/s | Drydock p99 | moto req/s | moto p99 | ratio, then the
/// cold start, RSS and keep-alive rows, and how it was measured.
enum DynamoDBReport {
    /// Drydock's throughput target per operation, as a multiple of moto_server's.
    static let throughputRatioTarget = 20.0
    static let coldStartTargetMilliseconds = 50.0

    static func render(_ result: DynamoDBBenchmark.Result, loadAtStart: String) -> String {
        let drydock = result.drydock
        let moto = result.moto
        let peer = moto.map { _ in "moto_server" } ?? "moto_server (not found)"
        var lines = [
            "| DynamoDB operation | Drydock req/s | Drydock p99 | \(peer) req/s | \(peer) p99 | ratio (target) |",
            "|---|---|---|---|---|---|",
        ]
        for operation in DynamoDBOperation.allCases {
            guard let ours = drydock.result(operation) else { continue }
            let theirs = moto?.result(operation)
            var ratio = "—"
            if let theirs {
                let times = ours.requestsPerSecond / theirs.requestsPerSecond
                ratio = String(format: "%.1f×", times) + (times >= throughputRatioTarget ? " ✓" : " ✗")
                    + " (≥ \(Int(throughputRatioTarget))×)"
            }
            lines.append(row(
                "\(operation.rawValue): \(operation.detail)",
                Format.count(ours.requestsPerSecond), Format.ms(ours.latency.percentile(0.99)),
                theirs.map { Format.count($0.requestsPerSecond) } ?? "—",
                theirs.map { Format.ms($0.latency.percentile(0.99)) } ?? "—", ratio))
        }

        let ourCold = drydock.coldStart
        let coldMet = ourCold.median <= coldStartTargetMilliseconds
        lines.append(row(
            "Cold start: spawn → first ListTables 200 (Drydock: incl. reading the exports and IMDS credentials"
                + (drydock.coldStartToExports.map { "; exports printed at \(Format.ms($0.median)) median" } ?? "")
                + "); median (min–max), \(ourCold.count) / \(moto?.coldStart.count ?? 0) runs",
            "\(Format.ms(ourCold.median)) (\(Format.range(ourCold.min, ourCold.max)))" + (coldMet ? " ✓" : " ✗"), "",
            moto.map { "\(Format.ms($0.coldStart.median)) (\(Format.range($0.coldStart.min, $0.coldStart.max)))" } ?? "—", "",
            (moto.map { String(format: "%.0f× faster", $0.coldStart.median / ourCold.median) + "; " } ?? "")
                + "Drydock ≤ \(Int(coldStartTargetMilliseconds)) ms median"))
        lines.append(row(
            "RSS after the load (VmRSS; anonymous)",
            "\(Format.mb(drydock.rss.total)) (\(Format.mb(drydock.rss.anonymous)))", "",
            moto.map { "\(Format.mb($0.rss.total)) (\(Format.mb($0.rss.anonymous)))" } ?? "—", "",
            moto.map { String(format: "%.1f× less", $0.rss.total / drydock.rss.total) } ?? "—"))
        lines.append(row(
            "New TCP connections during the \(DynamoDBOperation.allCases.count) × \(Format.count(Double(result.requests))) timed requests (libcurl's count; keep-alive check)",
            "\(drydock.connections)" + (drydock.connections == 0 ? " ✓" : " ✗"), "", moto.map { Format.count(Double($0.connections)) } ?? "—", "",
            "0 for Drydock" + ((moto?.connections ?? 0) > 0 ? "; moto_server answers `Connection: close`, so each request opens one" : "")))
        lines.append("")
        lines.append(
            "Each operation: \(Format.count(Double(result.warmup))) untimed then \(Format.count(Double(result.requests))) timed "
                + "sequential requests per server, Drydock's loop then moto's, from DrydockHTTP's libcurl HTTPClient "
                + "(one client per server, keeping its connection alive where the server allows it). Requests are real DynamoDB JSON-protocol requests signed with "
                + "SigV4 (DrydockCrypto's signer; Drydock verifies every signature, moto ignores them), pre-signed in "
                + "rotations just before each loop: building and signing one costs the client "
                + String(format: "%.1f µs", result.signingMicroseconds) + ". p99 is per request, client and server together.")
        if let moto {
            lines.append("Peer: \(moto.name); its cold start includes `/bin/sh` exec'ing it with the log redirected.")
        } else {
            lines.append("Peer: moto_server not found (pass --moto PATH or `pip install 'moto[server]'`).")
        }
        lines.append("Machine: \(Machine.description); load average \(loadAtStart) at start, \(Machine.loadAverage) at end.")
        return lines.joined(separator: "\n")
    }

    private static func row(_ cells: String...) -> String { "| " + cells.joined(separator: " | ") + " |" }
}
