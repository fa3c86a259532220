import DrydockHTTP
import DrydockTesting
import Foundation

/// Sequential requests from one keep-alive `HTTPClient` to the edge on a live `HTTPServer`
/// (`EmulatorHarness(.live)`, in this process): `POST /token` refresh-token grants, and
/// `GET /_drydock/health` as the baseline of what the transport alone costs.
///
/// Latency is measured around each `send` (client and server together: libcurl, loopback TCP,
/// libmicrohttpd, the edge and the emulator); throughput is requests over the wall time of the whole loop.
enum ThroughputBenchmark {
    struct Result {
        let name: String
        let requests: Int
        let seconds: Double
        /// Per request (ms).
        let latency: Samples
        var requestsPerSecond: Double { Double(requests) / seconds }
    }

    /// Both loops on one harness and one client; `connections` counts the TCP connections they used.
    static func run(requests: Int, warmup: Int) throws -> (results: [Result], connections: Int) {
        let harness = try EmulatorHarness(.live)
        defer { harness.stop() }
        let credentials = try SandboxCredentials(secretsDirectory: harness.secretsDirectory)
        let client = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 10))
        let health = ClientRequest(method: "GET", url: harness.baseURL + "/_drydock/health")
        let token = try measure("POST /token", credentials.tokenRequest, client: client, requests: requests, warmup: warmup)
        let baseline = try measure("GET /_drydock/health", health, client: client, requests: requests, warmup: warmup)
        let port = Int(harness.baseURL.split(separator: ":").last ?? "") ?? 0
        return ([token, baseline], TCPConnections.clientPorts(serverPort: port))
    }

    private static func measure(
        _ name: String, _ request: ClientRequest, client: HTTPClient, requests: Int, warmup: Int
    ) throws -> Result {
        for _ in 0..<warmup { try expectOK(client.send(request), name) }
        var latencies = [Double](repeating: 0, count: requests)
        let start = Monotonic.now()
        for index in 0..<requests {
            let sent = Monotonic.now()
            let response = try client.send(request)
            latencies[index] = Monotonic.milliseconds(since: sent)
            try expectOK(response, name)
        }
        let seconds = Double(Monotonic.now() - start) / 1e9
        let result = Result(name: name, requests: requests, seconds: seconds, latency: Samples(latencies))
        progress("\(name): \(Format.count(result.requestsPerSecond)) req/s, p99 \(Format.ms(result.latency.percentile(0.99)))")
        return result
    }

    private static func expectOK(_ response: HTTPResponse, _ name: String) throws {
        guard response.status == 200 else {
            throw BenchError("\(name) answered \(response.status): \(response.bodyText.prefix(300))")
        }
    }

    static func rows(_ run: (results: [Result], connections: Int)) -> [BenchRow] {
        run.results.flatMap { result -> [BenchRow] in
            let isToken = result.name.hasPrefix("POST")
            let latency = result.latency
            let what = "\(result.name), \(Format.count(Double(result.requests))) sequential on 1 keep-alive client"
            return [
                BenchRow(
                    measurement: "Throughput: \(what)",
                    drydock: "\(Format.count(result.requestsPerSecond)) req/s",
                    target: isToken ? "≥ 5,000 req/s" : "baseline",
                    met: isToken ? result.requestsPerSecond >= 5_000 : nil),
                BenchRow(
                    measurement: "Latency: \(result.name) p50 / p99 / max",
                    drydock: "\(Format.ms(latency.median)) / \(Format.ms(latency.percentile(0.99))) / \(Format.ms(latency.max))",
                    target: isToken ? "p99 ≤ 2 ms" : "baseline",
                    met: isToken ? latency.percentile(0.99) <= 2 : nil),
            ]
        } + [
            BenchRow(
                measurement: "TCP connections used by both loops (keep-alive check)",
                drydock: "\(run.connections)", target: "1", met: run.connections == 1),
        ]
    }
}

/// Counting loopback TCP connections to a port from `/proc/net/tcp{,6}`.
enum TCPConnections {
    /// Distinct client ports connected to `serverPort` recently: open connections, and closed ones still
    /// in TIME_WAIT on either side (about a minute on Linux).
    static func clientPorts(serverPort: Int) -> Int {
        var ports = Set<Int>()
        for file in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = ProcFile.read(file) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 3, let local = port(fields[1]), let remote = port(fields[2]) else { continue }
                if remote == serverPort {
                    ports.insert(local)
                } else if local == serverPort && fields[3] != "0A" {  // 0A: LISTEN
                    ports.insert(remote)
                }
            }
        }
        return ports.count
    }

    /// The port of `0100007F:1F90`.
    private static func port(_ address: Substring) -> Int? {
        address.split(separator: ":").last.flatMap { Int($0, radix: 16) }
    }
}
