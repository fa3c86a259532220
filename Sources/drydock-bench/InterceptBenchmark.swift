import ArgumentParser
import DrydockHTTP
import DrydockTesting
import Foundation
import Interception

/// What TLS termination costs: Gmail `users.messages.list` (`maxResults=10`, the default mailbox) sent
/// `requests` times from one libcurl handle, (1) over plain HTTP to the edge port, (2) as
/// `https://gmail.googleapis.com/…` through the interception proxy on one keep-alive tunnel (TLS 1.3,
/// verified against the sandbox CA), and (3) through the proxy with a new connection, CONNECT and TLS
/// handshake for every request, trusting the full bundle (system roots + CA, as the exported variables
/// do: libcurl then parses ~140 roots per handshake) and (4) only the sandbox CA (`ca.pem`). The
/// emulators and the proxy run in this process (`EmulatorHarness(.live)`).
enum InterceptBenchmark {
    struct Result {
        let plain: Loop
        let tunnel: Loop
        let handshakes: Loop
        let handshakesCAOnly: Loop
    }

    struct Loop {
        let requests: Int
        let seconds: Double
        let latency: Samples
        let bytes: Int
        var requestsPerSecond: Double { Double(requests) / seconds }
    }

    static let path = "/gmail/v1/users/me/messages?maxResults=10"

    static func run(requests: Int, handshakeRequests: Int, warmup: Int) throws -> Result {
        let harness = try EmulatorHarness(.live)
        defer { harness.stop() }
        let authority = try SandboxCertificateAuthority(directory: harness.scratch.appending("ca"))
        let proxy = InterceptingProxy(router: harness.router, authority: authority)
        try proxy.start()
        defer { proxy.stop() }
        let client = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 10))
        let authorization = "Authorization: Bearer " + (try AccessToken.fetch(secretsDirectory: harness.secretsDirectory, client: client))

        let plain = try measure("plain HTTP, one connection", try CurlLoop(url: harness.baseURL + path, headers: [authorization]),
                                requests: requests, warmup: warmup, reused: true)
        let tunnel = try measure(
            "HTTPS through the proxy, one tunnel",
            try CurlLoop(url: "https://gmail.googleapis.com" + path, headers: [authorization], proxy: proxy.proxyURL, caBundle: authority.bundlePath),
            requests: requests, warmup: warmup, reused: true)
        let handshakes = try measure(
            "HTTPS through the proxy, a handshake per request",
            try CurlLoop(url: "https://gmail.googleapis.com" + path, headers: [authorization], proxy: proxy.proxyURL,
                         caBundle: authority.bundlePath, reuse: false),
            requests: handshakeRequests, warmup: min(warmup, 20), reused: false)
        let handshakesCAOnly = try measure(
            "HTTPS through the proxy, a handshake per request, sandbox CA only",
            try CurlLoop(url: "https://gmail.googleapis.com" + path, headers: [authorization], proxy: proxy.proxyURL,
                         caBundle: authority.certificatePath, reuse: false),
            requests: handshakeRequests, warmup: min(warmup, 20), reused: false)
        return Result(plain: plain, tunnel: tunnel, handshakes: handshakes, handshakesCAOnly: handshakesCAOnly)
    }

    private static func measure(_ name: String, _ loop: CurlLoop, requests: Int, warmup: Int, reused: Bool) throws -> Loop {
        for _ in 0..<warmup { try check(loop.perform(), name) }
        var latencies = [Double](repeating: 0, count: requests)
        var bytes = 0
        let start = Monotonic.now()
        for index in 0..<requests {
            let sent = Monotonic.now()
            let answer = try loop.perform()
            latencies[index] = Monotonic.milliseconds(since: sent)
            try check(answer, name)
            if reused && answer.connects != 0 { throw BenchError("\(name): request \(index) opened a new connection") }
            bytes += answer.bytes
        }
        let seconds = Double(Monotonic.now() - start) / 1e9
        let loop = Loop(requests: requests, seconds: seconds, latency: Samples(latencies), bytes: bytes)
        progress("intercept: \(name): \(Format.count(loop.requestsPerSecond)) req/s, p50 \(Format.ms(loop.latency.median)), "
            + "p99 \(Format.ms(loop.latency.percentile(0.99)))")
        return loop
    }

    private static func check(_ answer: (status: Int, bytes: Int, connects: Int), _ name: String) throws {
        guard answer.status == 200, answer.bytes > 0 else { throw BenchError("\(name): answered \(answer.status)") }
    }

    static func rows(_ result: Result) -> [BenchRow] {
        func row(_ label: String, _ loop: Loop) -> BenchRow {
            BenchRow(
                measurement: "Gmail messages.list, \(label) (\(Format.count(Double(loop.requests))) sequential requests)",
                drydock: "\(Format.count(loop.requestsPerSecond)) req/s, p50 \(Format.ms(loop.latency.median)), p99 \(Format.ms(loop.latency.percentile(0.99)))",
                target: "—")
        }
        let ratio = result.tunnel.requestsPerSecond / result.plain.requestsPerSecond
        return [
            row("plain HTTP to the edge, one keep-alive connection", result.plain),
            row("HTTPS via the interception proxy, one keep-alive tunnel (TLS 1.3)", result.tunnel),
            row("HTTPS via the interception proxy, new connection + CONNECT + TLS handshake each, trusting ca-bundle.pem", result.handshakes),
            row("the same trusting only ca.pem (the client no longer parses the system roots each time)", result.handshakesCAOnly),
            BenchRow(measurement: "TLS cost on a kept-alive tunnel (intercepted / plain throughput)",
                     drydock: String(format: "%.2f×", ratio), target: "—"),
        ]
    }
}

extension DrydockBench {
    struct Intercept: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Gmail messages.list over plain HTTP vs HTTPS through the interception proxy (one keep-alive tunnel), in-process.")
        @OptionGroup var options: BenchOptions
        @Option(help: "Sequential requests per keep-alive loop.") var requests = 5_000
        @Option(help: "Sequential requests with a new connection and TLS handshake each.") var handshakeRequests = 500
        @Option(help: "Untimed requests first.") var warmup = 200

        func run() throws {
            let load = Machine.loadAverage
            let result = try InterceptBenchmark.run(requests: requests, handshakeRequests: handshakeRequests, warmup: warmup)
            try options.report(InterceptBenchmark.rows(result), loadAtStart: load)
        }
    }
}
