import DrydockCore
import DrydockHTTP
import DrydockTesting
import Foundation

/// The Gmail list benchmark's mailbox and queries at several sizes (10,000 and 100,000 messages by
/// default), each served by its own `drydock emulators serve --port 0 --quiet --fixtures DIR --sandbox DIR`
/// child, so load time and memory are the server process's alone:
///
/// - load: spawn → the URL line (printed once every fixture is loaded and the server listens); the
///   fixture files were just written, so they come from the page cache (a warm start).
/// - memory: the child's `VmRSS` (and `RssAnon`) after health 200, once the text index is built, and
///   after the list loop.
/// - the text index, built in the background after the load: right after health 200 one plain list
///   (answered while the index is being built), then the first text search (which waits for the
///   index): its latency, and the time from spawn until it answered, are when the index was complete.
/// - lists: `requests` sequential `messages.list?maxResults=100` from one keep-alive client, rotating
///   through a plain list (no `q`) and `GmailListBenchmark.queries`.
///
/// A child over an empty mailbox set (`oauth/` only) gives the baseline start time and memory.
enum GmailScaleBenchmark {
    struct Size {
        let mailbox: SyntheticMailbox.Summary
        let loadMs: Double
        let rssLoaded: (total: Double, anonymous: Double)
        /// A plain list sent right after health 200, while the text index is being built.
        let listDuringBuildMs: Double
        /// The first text search, sent right after that list (it waits for the text index).
        let firstTextSearchMs: Double
        /// Spawn → the first text search's answer: the text index is complete.
        let textIndexedMs: Double
        let rssIndexed: Double
        let rssAfter: Double
        let loop: RequestRotation.Result
        let matches: [Int]
    }

    struct Result {
        let emptyLoadMs: Double
        let emptyRSS: Double
        let sizes: [Size]
    }

    static let plainList = "(no q)"

    static func run(drydock: String, sizes: [Int], requests: Int, warmup: Int) throws -> Result {
        let empty = try BenchFixtureSet("bench-gmail-scale-empty")
        defer { empty.remove() }
        var started = Monotonic.now()
        let emptyServe = try ServeProcess(drydock: drydock, extraArguments: ["--fixtures", empty.path])
        let emptyLoadMs = Monotonic.milliseconds(since: started)
        try emptyServe.waitForHealth(client: HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 5)))
        let emptyRSS = try emptyServe.residentKilobytes.total
        emptyServe.stop()
        progress("gmail-scale: no mailbox: ready in \(Format.ms(emptyLoadMs)), VmRSS \(Format.mb(emptyRSS))")

        var results: [Size] = []
        for count in sizes {
            let end = Int(Date().timeIntervalSince1970) - 600
            let fixtures = try BenchFixtureSet("bench-gmail-scale")
            defer { fixtures.remove() }
            let mailbox = try SyntheticMailbox.write(into: fixtures, count: count, end: end)
            progress("gmail-scale: wrote \(Format.count(Double(count))) messages (\(Format.mb(Double(mailbox.bytes) / 1024))) "
                + "in \(Format.ms(mailbox.seconds * 1000))")
            let secrets = fixtures.scratch.appending("secrets")
            started = Monotonic.now()
            let serve = try ServeProcess(
                drydock: drydock, extraArguments: ["--fixtures", fixtures.path, "--sandbox", secrets], startTimeout: 300)
            let loadMs = Monotonic.milliseconds(since: started)
            defer { serve.stop() }
            let client = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 60))
            try serve.waitForHealth(client: client)
            let rssLoaded = try serve.residentKilobytes
            progress("gmail-scale: \(Format.count(Double(count))) messages: ready in \(Format.ms(loadMs)), VmRSS \(Format.mb(rssLoaded.total))")

            let authorization = "Bearer " + (try AccessToken.fetch(secretsDirectory: secrets, client: client))
            let timed = { (query: String?) throws -> Double in
                let parameters = (query.map { [("q", $0)] } ?? []) + [("maxResults", "100")]
                let request = ClientRequest(
                    method: "GET", url: serve.baseURL + "/gmail/v1/users/me/messages?" + FormEncoding.encode(parameters),
                    headers: ["Authorization": authorization])
                let sent = Monotonic.now()
                let response = try client.send(request)
                guard response.status == 200 else { throw BenchError("q=\(query ?? "") answered \(response.status)") }
                return Monotonic.milliseconds(since: sent)
            }
            let listDuringBuildMs = try timed(nil)
            let firstTextSearchMs = try timed("\"booking confirmation\" -cancelled")
            let textIndexedMs = Monotonic.milliseconds(since: started)
            let rssIndexed = try serve.residentKilobytes.total
            progress("gmail-scale: \(Format.count(Double(count))) messages: a list while the text index is built \(Format.ms(listDuringBuildMs)), "
                + "first text search \(Format.ms(firstTextSearchMs)), text indexed \(Format.ms(textIndexedMs)) after spawn, VmRSS \(Format.mb(rssIndexed))")
            let queries = [plainList] + GmailListBenchmark.queries(end: end, booking: mailbox.middleBookingID)
            let kinds = queries.map { query in
                let parameters = (query == plainList ? [] : [("q", query)]) + [("maxResults", "100")]
                return RequestRotation.Kind(
                    name: query,
                    request: ClientRequest(
                        method: "GET", url: serve.baseURL + "/gmail/v1/users/me/messages?" + FormEncoding.encode(parameters),
                        headers: ["Authorization": authorization]),
                    check: { response in
                        guard response.body.first == UInt8(ascii: "{") else { throw BenchError("not a JSON object: \(response.bodyText.prefix(200))") }
                    })
            }
            let matches = try kinds.map { try GmailListBenchmark.matchCount($0, client: client) }
            let loop = try RequestRotation(kinds: kinds).run(client: client, requests: requests, warmup: warmup)
            let rssAfter = try serve.residentKilobytes.total
            progress("gmail-scale: \(Format.count(Double(count))) messages: list p50 \(Format.ms(loop.latency.median)), "
                + loop.byKind.map { "\($0.name): \(Format.ms($0.latency.median))" }.joined(separator: "; "))
            results.append(Size(
                mailbox: mailbox, loadMs: loadMs, rssLoaded: rssLoaded, listDuringBuildMs: listDuringBuildMs, firstTextSearchMs: firstTextSearchMs,
                textIndexedMs: textIndexedMs, rssIndexed: rssIndexed, rssAfter: rssAfter, loop: loop, matches: matches))
        }
        return Result(emptyLoadMs: emptyLoadMs, emptyRSS: emptyRSS, sizes: results)
    }

    static func rows(_ result: Result) -> [BenchRow] {
        let peer = "no peer emulates Gmail/Sheets"
        var rows: [BenchRow] = []
        for size in result.sizes {
            let count = size.mailbox.messages
            let big = count >= 100_000
            let messages = Format.count(Double(count))
            rows.append(BenchRow(
                measurement: "Gmail at scale: `drydock emulators serve` over \(messages) .eml (\(Format.mb(Double(size.mailbox.bytes) / 1024)), "
                    + "page cache warm) → URL line",
                drydock: "\(Format.ms(size.loadMs)) (no mailbox: \(Format.ms(result.emptyLoadMs)))",
                target: big ? "≤ 3 s" : "—", peer: peer, met: big ? size.loadMs <= 3_000 : nil))
            rows.append(BenchRow(
                measurement: "Gmail at scale: server VmRSS after loading \(messages) messages (after the list loop)",
                drydock: "\(Format.mb(size.rssLoaded.total)) (anonymous \(Format.mb(size.rssLoaded.anonymous)); no mailbox: "
                    + "\(Format.mb(result.emptyRSS)); after the loop \(Format.mb(size.rssAfter)))",
                target: big ? "≤ 300 MB" : "—", peer: peer, met: big ? size.rssLoaded.total <= 300 * 1024 : nil))
            rows.append(BenchRow(
                measurement: "Gmail at scale: \(messages) messages, text index built in the background: a plain list right after ready; "
                    + "the first text search (waits for the index); spawn → index complete; VmRSS then",
                drydock: "\(Format.ms(size.listDuringBuildMs)); \(Format.ms(size.firstTextSearchMs)); \(Format.ms(size.textIndexedMs)); "
                    + Format.mb(size.rssIndexed),
                target: big ? "≤ 300 MB" : "—", peer: peer, met: big ? size.rssIndexed <= 300 * 1024 : nil))
        }
        guard let small = result.sizes.first else { return rows }
        for (index, kind) in small.loop.byKind.enumerated() {
            let figures = result.sizes.map { size -> String in
                let latency = size.loop.byKind[index].latency
                return "\(Format.ms(latency.median)) (\(Format.count(Double(size.matches[index]))))"
            }
            let largest = result.sizes[result.sizes.count - 1].loop.byKind[index].latency.median
            let ratio = largest / kind.latency.median
            let name = kind.name == plainList ? "`messages.list` (no q)" : "`q=\(kind.name)`"
            rows.append(BenchRow(
                measurement: "Gmail at scale: \(name), maxResults=100, p50 (matches) at "
                    + result.sizes.map { Format.count(Double($0.mailbox.messages)) }.joined(separator: " → ") + " messages",
                drydock: figures.joined(separator: " → ") + String(format: "; %.1f×", ratio),
                target: result.sizes.count > 1 ? "≤ 3×" : "—", peer: peer, met: result.sizes.count > 1 ? ratio <= 3 : nil))
        }
        return rows
    }
}
