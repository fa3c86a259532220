import DrydockHTTP
import Foundation

/// Sequential requests from one keep-alive `HTTPClient`, cycling through a fixed rotation of request
/// kinds, with latency measured around each `send` (client and server: libcurl, loopback TCP,
/// libmicrohttpd, the edge and the emulator) and throughput as requests over the loop's wall time.
struct RequestRotation {
    /// One kind of request in the rotation.
    struct Kind {
        let name: String
        let request: ClientRequest
        /// Throws when a response is not what the kind expects; cheap, because it runs inside the timed loop.
        let check: (HTTPResponse) throws -> Void
    }

    struct Result {
        let requests: Int
        let seconds: Double
        /// Every request (ms).
        let latency: Samples
        /// Per kind, in rotation order (ms).
        let byKind: [(name: String, latency: Samples)]
        var requestsPerSecond: Double { Double(requests) / seconds }
    }

    let kinds: [Kind]

    /// Sends `warmup` untimed requests, then `requests` timed ones, kind `i % kinds.count` for the i-th.
    func run(client: HTTPClient, requests: Int, warmup: Int) throws -> Result {
        for index in 0..<warmup { try send(kinds[index % kinds.count], client: client) }
        var latencies = [Double](repeating: 0, count: requests)
        let start = Monotonic.now()
        for index in 0..<requests {
            let kind = kinds[index % kinds.count]
            let sent = Monotonic.now()
            let response = try client.send(kind.request)
            latencies[index] = Monotonic.milliseconds(since: sent)
            try Self.check(response, kind)
        }
        let seconds = Double(Monotonic.now() - start) / 1e9
        let byKind = kinds.indices.compactMap { kindIndex -> (String, Samples)? in
            let mine = stride(from: kindIndex, to: requests, by: kinds.count).map { latencies[$0] }
            return mine.isEmpty ? nil : (kinds[kindIndex].name, Samples(mine))
        }
        return Result(requests: requests, seconds: seconds, latency: Samples(latencies), byKind: byKind)
    }

    private func send(_ kind: Kind, client: HTTPClient) throws {
        try Self.check(try client.send(kind.request), kind)
    }

    private static func check(_ response: HTTPResponse, _ kind: Kind) throws {
        guard response.status == 200 else {
            throw BenchError("\(kind.name) answered \(response.status): \(response.bodyText.prefix(300))")
        }
        do { try kind.check(response) } catch { throw BenchError("\(kind.name): \(error)") }
    }
}
