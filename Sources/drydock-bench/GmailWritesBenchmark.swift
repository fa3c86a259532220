import DrydockCore
import DrydockHTTP
import DrydockTesting
import Foundation

/// Gmail writes and the change log on the generated mailbox (`SyntheticMailbox`), in-process live server,
/// one keep-alive client holding a token for the fixture's full-access refresh token (bookings@,
/// `https://mail.google.com/`):
///
/// - `modify`: `requests` sequential `POST …/messages/{id}/modify` on one message, alternately adding and
///   removing a user label created for the run (so every call is a real change and one history record).
/// - `history`: `changes` such modify calls after reading the start `historyId` from `getProfile`, then
///   `GET …/history?startHistoryId=…` paged to the end (default page size, 100), every record counted; then
///   the same start with `historyTypes=labelAdded` (its first page), timed `filteredRuns` times.
enum GmailWritesBenchmark {
    /// bookings@ with `https://mail.google.com/` (fixtures/default/oauth/clients.json).
    static let fullAccessRefreshToken = "1//0ckuos6FSO0X5ln-IXRK_U_T_T_FWplsZmnBKta4ETi_d_xBFF89keZRCwbvSDWrIUTBUNFZKLRzj8TCT3Px0_8FAIqP6vAl_Z1F"

    /// A running harness over the generated mailbox, a token, a message and a label to flip.
    struct Session {
        let fixtures: BenchFixtureSet
        let harness: EmulatorHarness
        let client: HTTPClient
        let headers: HTTPHeaders
        let base: String
        let messages: Int
        let messageID: String
        let labelID: String

        init(messages: Int) throws {
            fixtures = try BenchFixtureSet("bench-gmail-writes")
            let mailbox = try SyntheticMailbox.write(into: fixtures, count: messages, end: Int(Date().timeIntervalSince1970) - 600)
            progress("gmail-writes: wrote \(Format.count(Double(mailbox.messages))) messages in \(Format.ms(mailbox.seconds * 1000))")
            self.messages = messages
            harness = try EmulatorHarness(.live, fixturesDirectory: fixtures.path)
            client = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 60))
            let credentials = try SandboxCredentials(secretsDirectory: harness.secretsDirectory)
            let body = FormEncoding.encode([
                ("grant_type", "refresh_token"), ("client_id", credentials.clientID), ("client_secret", credentials.clientSecret),
                ("refresh_token", GmailWritesBenchmark.fullAccessRefreshToken),
            ])
            let token = try Self.json(client.send(ClientRequest(
                method: "POST", url: credentials.tokenURI, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Array(body.utf8))), "POST /token")["access_token"]?.stringValue
            guard let token else { throw BenchError("POST /token: no access_token") }
            headers = ["Authorization": "Bearer " + token, "Content-Type": "application/json"]
            base = harness.baseURL + "/gmail/v1/users/me/"
            let list = try Self.json(client.send(ClientRequest(method: "GET", url: base + "messages?maxResults=1", headers: headers)), "messages.list")
            guard let id = list["messages"]?.arrayValue?.first?["id"]?.stringValue else { throw BenchError("messages.list: no message") }
            messageID = id
            let label = try Self.json(client.send(ClientRequest(
                method: "POST", url: base + "labels", headers: headers,
                body: Array(#"{"name": "Bench/Flipped"}"#.utf8))), "labels.create")
            guard let labelID = label["id"]?.stringValue else { throw BenchError("labels.create: no id") }
            self.labelID = labelID
        }

        func stop() {
            harness.stop()
            fixtures.remove()
        }

        /// Adding then removing the run's label on the message: the two kinds of the rotation.
        var flips: [RequestRotation.Kind] {
            [("addLabelIds", "add"), ("removeLabelIds", "remove")].map { member, name in
                RequestRotation.Kind(
                    name: name,
                    request: ClientRequest(
                        method: "POST", url: base + "messages/\(messageID)/modify", headers: headers,
                        body: Array(#"{"\#(member)": ["\#(labelID)"]}"#.utf8)),
                    check: { _ in })
            }
        }

        func historyId() throws -> String {
            let profile = try Self.json(client.send(ClientRequest(method: "GET", url: base + "profile", headers: headers)), "getProfile")
            guard let id = profile["historyId"]?.stringValue else { throw BenchError("getProfile: no historyId") }
            return id
        }

        static func json(_ response: HTTPResponse, _ what: String) throws -> JSONValue {
            guard response.status == 200, let json = try? JSONValue.parse(response.body) else {
                throw BenchError("\(what) answered \(response.status): \(response.bodyText.prefix(300))")
            }
            return json
        }
    }

    struct ModifyResult {
        let messages: Int
        let loop: RequestRotation.Result
    }

    static func modify(messages: Int, requests: Int, warmup: Int) throws -> ModifyResult {
        let session = try Session(messages: messages)
        defer { session.stop() }
        let loop = try RequestRotation(kinds: session.flips).run(client: session.client, requests: requests, warmup: warmup)
        progress("gmail-modify: \(Format.count(loop.requestsPerSecond)) req/s, p50 \(Format.ms(loop.latency.median)), "
            + "p99 \(Format.ms(loop.latency.percentile(0.99)))")
        return ModifyResult(messages: messages, loop: loop)
    }

    struct HistoryResult {
        let messages: Int
        let changes: Int
        /// The modify calls that made the changes.
        let writes: RequestRotation.Result
        /// Paging through every record: wall time (ms), pages, records, ms per page.
        let totalMs: Double
        let pages: Int
        let records: Int
        let perPage: Samples
        /// `historyTypes=labelAdded`, first page: ms per request, records on it, whether more pages follow.
        let filtered: Samples
        let filteredRecords: Int
        let filteredHasMore: Bool
    }

    static func history(messages: Int, changes: Int, filteredRuns: Int) throws -> HistoryResult {
        let session = try Session(messages: messages)
        defer { session.stop() }
        let start = try session.historyId()
        let writes = try RequestRotation(kinds: session.flips).run(client: session.client, requests: changes, warmup: 0)
        progress("gmail-history: \(Format.count(Double(changes))) modify calls at \(Format.count(writes.requestsPerSecond)) req/s")

        let url = session.base + "history?startHistoryId=" + start
        var perPage: [Double] = []
        var records = 0
        var token: String?
        let began = Monotonic.now()
        repeat {
            let request = ClientRequest(
                method: "GET", url: url + (token.map { "&pageToken=" + PercentEncoding.encode($0) } ?? ""), headers: session.headers)
            let sent = Monotonic.now()
            let response = try session.client.send(request)
            perPage.append(Monotonic.milliseconds(since: sent))
            let page = try Session.json(response, "history.list page \(perPage.count)")
            records += page["history"]?.arrayValue?.count ?? 0
            token = page["nextPageToken"]?.stringValue
        } while token != nil
        let totalMs = Monotonic.milliseconds(since: began)
        guard records == changes else { throw BenchError("history.list returned \(records) records for \(changes) changes") }
        progress("gmail-history: \(records) records in \(perPage.count) pages, \(Format.ms(totalMs)); "
            + "first page \(Format.ms(perPage[0])), last \(Format.ms(perPage[perPage.count - 1]))")

        let filteredRequest = ClientRequest(method: "GET", url: url + "&historyTypes=labelAdded", headers: session.headers)
        var filtered: [Double] = []
        var page = JSONValue.null
        for _ in 0..<filteredRuns {
            let sent = Monotonic.now()
            let response = try session.client.send(filteredRequest)
            filtered.append(Monotonic.milliseconds(since: sent))
            page = try Session.json(response, "history.list historyTypes=labelAdded")
        }
        let filteredRecords = page["history"]?.arrayValue?.count ?? 0
        guard filteredRecords > 0, page["history"]?.arrayValue?.allSatisfy({ $0["labelsAdded"] != nil && $0["labelsRemoved"] == nil }) == true else {
            throw BenchError("history.list historyTypes=labelAdded: \(filteredRecords) records, or some not labelsAdded only")
        }
        return HistoryResult(
            messages: messages, changes: changes, writes: writes, totalMs: totalMs, pages: perPage.count, records: records,
            perPage: Samples(perPage), filtered: Samples(filtered), filteredRecords: filteredRecords,
            filteredHasMore: page["nextPageToken"] != nil)
    }

    static let peer = "no peer emulates Gmail/Sheets"

    static func rows(_ result: ModifyResult) -> [BenchRow] {
        let loop = result.loop
        return [BenchRow(
            measurement: "Gmail messages.modify: \(Format.count(Double(loop.requests))) × add/remove a user label alternately on one message "
                + "of \(Format.count(Double(result.messages))), 1 keep-alive client; req/s, p50 / p99",
            drydock: "\(Format.count(loop.requestsPerSecond)) req/s; \(Format.ms(loop.latency.median)) / \(Format.ms(loop.latency.percentile(0.99)))",
            target: "—", peer: peer)]
    }

    static func rows(_ result: HistoryResult) -> [BenchRow] {
        [
            BenchRow(
                measurement: "Gmail history.list over \(Format.count(Double(result.changes))) changes (modify calls, "
                    + "\(Format.count(result.writes.requestsPerSecond)) req/s) on \(Format.count(Double(result.messages))) messages: "
                    + "every page from the start id (default page size); total, pages, p50 / max per page",
                drydock: "\(Format.ms(result.totalMs)), \(result.pages) pages (\(Format.count(Double(result.records))) records); "
                    + "\(Format.ms(result.perPage.median)) / \(Format.ms(result.perPage.max))",
                target: "—", peer: peer),
            BenchRow(
                measurement: "Gmail history.list `historyTypes=labelAdded` from the same start, first page "
                    + "(\(result.filteredRecords) records\(result.filteredHasMore ? ", more pages follow" : "")); p50 / max of \(result.filtered.count)",
                drydock: "\(Format.ms(result.filtered.median)) / \(Format.ms(result.filtered.max))",
                target: "—", peer: peer),
        ]
    }
}
