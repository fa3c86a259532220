import DrydockCore
import DrydockHTTP
import DrydockTesting
import Foundation

/// `users.messages.list` with realistic search queries over a generated 10,000-message mailbox.
///
/// A temporary fixture set (`oauth/` from the default set, `gmail/bookings@…/` from `SyntheticMailbox`)
/// is loaded by an in-process live harness (`EmulatorHarness(.live)`: a real libmicrohttpd server on
/// 127.0.0.1). One `POST /token` for the sandbox's refresh token, then `requests` sequential
/// `GET /gmail/v1/users/me/messages?q=…&maxResults=100` from one keep-alive client, rotating through the
/// queries in `queries(end:booking:)`; every answer must be 200.
///
/// Load time is the harness start (fixture loading, server bind, sandbox) with the mailbox, reported beside
/// a start of the same harness without `gmail/`: the difference is the mailbox. Memory is `VmRSS` of this process
/// (the server runs in it), before and after the harness loads.
enum GmailListBenchmark {
    struct Result {
        let mailbox: SyntheticMailbox.Summary
        /// Harness start with the mailbox, and without `gmail/` (ms).
        let loadMs: Double
        let emptyLoadMs: Double
        /// This process's `VmRSS` (kB) before the harness started, after it loaded, after the loop.
        let rssBefore: Double
        let rssLoaded: Double
        let rssAfter: Double
        let loop: RequestRotation.Result
        /// Matches (`resultSizeEstimate`) per query, in rotation order.
        let matches: [Int]
        let queries: [String]
    }

    static func run(messages: Int, requests: Int, warmup: Int) throws -> Result {
        let end = Int(Date().timeIntervalSince1970) - 600
        let fixtures = try BenchFixtureSet("bench-gmail")
        defer { fixtures.remove() }
        let mailbox = try SyntheticMailbox.write(into: fixtures, count: messages, end: end)
        progress("gmail-list: wrote \(Format.count(Double(mailbox.messages))) messages (\(Format.mb(Double(mailbox.bytes) / 1024))) "
            + "in \(Format.ms(mailbox.seconds * 1000)); \(mailbox.bookings) bookings")

        // The same harness without the mailbox: what starting costs apart from loading it.
        let emptyFixtures = try BenchFixtureSet("bench-gmail-empty")
        defer { emptyFixtures.remove() }
        var started = Monotonic.now()
        do {
            let harness = try EmulatorHarness(.live, fixturesDirectory: emptyFixtures.path)
            harness.stop()
        }
        let emptyLoadMs = Monotonic.milliseconds(since: started)

        let rssBefore = try ProcStatus.kilobytes("VmRSS", pid: getpid())
        started = Monotonic.now()
        let harness = try EmulatorHarness(.live, fixturesDirectory: fixtures.path)
        let loadMs = Monotonic.milliseconds(since: started)
        defer { harness.stop() }
        let rssLoaded = try ProcStatus.kilobytes("VmRSS", pid: getpid())
        progress("gmail-list: harness with the mailbox ready in \(Format.ms(loadMs)) (without: \(Format.ms(emptyLoadMs))); "
            + "VmRSS \(Format.mb(rssBefore)) → \(Format.mb(rssLoaded))")

        let client = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 10))
        let authorization = "Bearer " + (try AccessToken.fetch(secretsDirectory: harness.secretsDirectory, client: client))
        let queries = queries(end: end, booking: mailbox.middleBookingID)
        let kinds = queries.map { query in
            RequestRotation.Kind(
                name: query,
                request: ClientRequest(
                    method: "GET",
                    url: harness.baseURL + "/gmail/v1/users/me/messages?" + FormEncoding.encode([("q", query), ("maxResults", "100")]),
                    headers: ["Authorization": authorization]),
                check: { response in
                    guard response.body.first == UInt8(ascii: "{") else { throw BenchError("not a JSON object: \(response.bodyText.prefix(200))") }
                })
        }
        let matches = try kinds.map { try matchCount($0, client: client) }
        for (query, count) in zip(queries, matches) { progress("gmail-list: \(count) \(count == 1 ? "match" : "matches") for q=\(query)") }

        let loop = try RequestRotation(kinds: kinds).run(client: client, requests: requests, warmup: warmup)
        let rssAfter = try ProcStatus.kilobytes("VmRSS", pid: getpid())
        progress("gmail-list: \(Format.count(loop.requestsPerSecond)) req/s, p50 \(Format.ms(loop.latency.median)), "
            + "p99 \(Format.ms(loop.latency.percentile(0.99)))")
        return Result(mailbox: mailbox, loadMs: loadMs, emptyLoadMs: emptyLoadMs, rssBefore: rssBefore, rssLoaded: rssLoaded,
                      rssAfter: rssAfter, loop: loop, matches: matches, queries: queries)
    }

    /// The rotation: the bookings job's search, then what a person at the desk types. The month window
    /// lies eight months before `end`, so it is inside the generated year whenever the bench runs.
    static func queries(end: Int, booking: String) -> [String] {
        let month = MailText.utc(end - 240 * 86_400)
        let year = Int(month.tm_year) + 1900
        let number = Int(month.tm_mon) + 1
        let next = number == 12 ? (year + 1, 1) : (year, number + 1)
        let window = String(format: "after:%04d/%02d/01 before:%04d/%02d/01", year, number, next.0, next.1)
        return [
            "from:noreply@bookings.harbor-charters.example subject:confirmation \(window)",
            "is:unread label:bookings",
            "has:attachment filename:pdf",
            "\"booking confirmation\" -cancelled",
            "newer_than:30d",
            "\"\(booking)\"",
        ]
    }

    /// One request, fully parsed: `resultSizeEstimate`, checked against the page it came with.
    static func matchCount(_ kind: RequestRotation.Kind, client: HTTPClient) throws -> Int {
        let response = try client.send(kind.request)
        guard response.status == 200, let json = try? JSONValue.parse(response.body),
              let total = json["resultSizeEstimate"]?.intValue else {
            throw BenchError("q=\(kind.name) answered \(response.status): \(response.bodyText.prefix(300))")
        }
        let page = json["messages"]?.arrayValue?.count ?? 0
        guard page == min(total, 100) else { throw BenchError("q=\(kind.name): \(page) messages on the first page of \(total)") }
        return total
    }

    static func rows(_ result: Result) -> [BenchRow] {
        let loop = result.loop
        let peer = "no peer emulates Gmail/Sheets"
        let what = "\(Format.count(Double(loop.requests))) × `messages.list?q=…&maxResults=100` over \(Format.count(Double(result.mailbox.messages))) messages, "
            + "\(result.queries.count) queries in rotation, 1 keep-alive client"
        var rows = [
            BenchRow(
                measurement: "Gmail list: \(what); req/s, p50 / p99",
                drydock: "\(Format.count(loop.requestsPerSecond)) req/s; \(Format.ms(loop.latency.median)) / \(Format.ms(loop.latency.percentile(0.99)))",
                target: "p50 ≤ 5 ms", peer: peer, met: loop.latency.median <= 5),
        ]
        for (index, kind) in loop.byKind.enumerated() {
            rows.append(BenchRow(
                measurement: "Gmail list p50 / p99: `q=\(kind.name)` (\(result.matches[index]) \(result.matches[index] == 1 ? "match" : "matches"), \(kind.latency.count) requests)",
                drydock: "\(Format.ms(kind.latency.median)) / \(Format.ms(kind.latency.percentile(0.99)))",
                target: "—", peer: peer))
        }
        rows.append(BenchRow(
            measurement: "Gmail mailbox load: \(Format.count(Double(result.mailbox.messages))) .eml (\(Format.mb(Double(result.mailbox.bytes) / 1024))) → live harness ready",
            drydock: "\(Format.ms(result.loadMs)) (same harness without the mailbox: \(Format.ms(result.emptyLoadMs)))",
            target: "—", peer: peer))
        rows.append(BenchRow(
            measurement: "Gmail server RSS after load (VmRSS of the bench process: the harness runs in-process)",
            drydock: "\(Format.mb(result.rssLoaded)) (before load \(Format.mb(result.rssBefore)), "
                + "+\(Format.mb(result.rssLoaded - result.rssBefore)); after the list loop \(Format.mb(result.rssAfter)))",
            target: "—", peer: peer))
        return rows
    }
}
