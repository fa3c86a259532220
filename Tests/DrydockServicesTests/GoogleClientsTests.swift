import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockServices
import DrydockTesting
import Foundation
import Synchronization
import Testing

/// The clients against scripted Google answers: retries, pagination, parsing.
@Suite struct GoogleClientsTests {
    /// A fake Google: a token endpoint that always answers, and an API whose answers come from `script`.
    final class FakeGoogle: HTTPResponder, Sendable {
        let answers: Mutex<[HTTPResponse]>
        let requests = Mutex<[HTTPRequest]>([])
        init(_ answers: [HTTPResponse]) { self.answers = Mutex(answers) }
        func respond(to request: HTTPRequest) -> HTTPResponse {
            if request.path == "/token" {
                return HTTPResponse(status: 200, contentType: "application/json",
                                    text: #"{"access_token":"ya29.fake-test-token","expires_in":3599,"token_type":"Bearer","scope":"s"}"#)
            }
            requests.withLock { $0.append(request) }
            return answers.withLock { $0.isEmpty ? HTTPResponse(status: 599) : $0.removeFirst() }
        }
        var apiRequests: [HTTPRequest] { requests.withLock { $0 } }
    }

    static func json(_ status: Int, _ text: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json", text: text, headers: headers)
    }

    static func googleError(_ code: Int, _ status: String, reason: String) -> HTTPResponse {
        json(code, #"{"error":{"code":\#(code),"message":"m","errors":[{"reason":"\#(reason)"}],"status":"\#(status)"}}"#)
    }

    func withClients<T>(_ google: FakeGoogle, _ body: (GmailClient, SheetsClient, ManualClock) throws -> T) throws -> T {
        let scratch = try TemporaryDirectory("clients")
        defer { scratch.remove() }
        let secrets = scratch.appending("secrets")
        mkdir(secrets, 0o700)
        for (name, text) in [("refresh_token.json", #"{"refresh_token":"fake-refresh-token-for-tests"}"#),
                             ("gmail_credentials.json", #"{"installed":{"client_id":"c","client_secret":"fake-client-secret"}}"#)] {
            _ = FileManager.default.createFile(atPath: secrets + "/" + name, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        }
        let clock = ManualClock()
        let transport = InProcessTransport(google)
        let environment = Environment(["DRYDOCK_SECRETS_DIR": secrets, "GOOGLE_OAUTH_TOKEN_URI": "http://fake/token"])
        let refresher = TokenRefresher(store: try SecretsStore(environment: environment), transport: transport, environment: environment, clock: clock)
        let pipeline = AuthorizedPipeline(refresher: refresher, transport: transport)
        let retry = GoogleAPICaller.Configuration(deadline: 60, maxAttempts: 4, backoff: RetryBackoff(initial: 1, maximum: 8, minimum: 0.1, jitter: RetryBackoff.noJitter))
        return try body(GmailClient(pipeline: pipeline, endpoint: "http://fake", retry: retry),
                        SheetsClient(pipeline: pipeline, endpoint: "http://fake", retry: retry), clock)
    }

    @Test func retriesRateLimitsAndServerErrorsHonouringRetryAfter() throws {
        let google = FakeGoogle([
            Self.json(429, "{}", headers: ["Retry-After": "7"]),
            Self.googleError(403, "PERMISSION_DENIED", reason: "userRateLimitExceeded"),
            Self.json(503, "{}"),
            Self.json(200, #"{"emailAddress":"a@b.example","messagesTotal":3,"threadsTotal":2,"historyId":"9"}"#),
        ])
        let profile = try withClients(google) { gmail, _, clock in
            let profile = try gmail.profile()
            #expect(clock.sleeps == [7, 2, 4])
            return profile
        }
        #expect(profile == GmailProfile(emailAddress: "a@b.example", messagesTotal: 3, threadsTotal: 2, historyId: "9"))
        #expect(google.apiRequests.count == 4)
    }

    @Test func doesNotRetryOtherErrors() throws {
        let google = FakeGoogle([Self.googleError(403, "PERMISSION_DENIED", reason: "insufficientPermissions")])
        try withClients(google) { gmail, _, _ in
            #expect { try gmail.profile() } throws: { error in
                let error = error as? GoogleServiceError
                return error?.httpStatus == 403 && error?.isRetryable == false
            }
        }
        #expect(google.apiRequests.count == 1)
    }

    /// A 200 cut off mid-JSON (a proxy, a dropped connection) is transient: the GET goes again and the
    /// next, whole answer is used; still cut off after every attempt, it is exit 75, not an internal error.
    @Test func aTruncatedTwoHundredIsRetriedThenTransient() throws {
        let profile = #"{"emailAddress":"a@b.example","messagesTotal":3,"threadsTotal":2,"historyId":"9"}"#
        let recovered = FakeGoogle([Self.json(200, String(profile.prefix(20))), Self.json(200, profile)])
        try withClients(recovered) { gmail, _, clock in
            let answer = try gmail.profile()
            #expect(answer.emailAddress == "a@b.example")
            #expect(clock.sleeps == [1])
        }
        #expect(recovered.apiRequests.count == 2)

        let broken = FakeGoogle(Array(repeating: Self.json(200, String(profile.prefix(20))), count: 4))
        try withClients(broken) { gmail, _, _ in
            #expect { try gmail.profile() } throws: { error in
                let error = error as? GoogleServiceError
                return error?.reason == GoogleServiceError.malformedResponse && error?.exitStatus == .transient
                    && error?.message.contains("gave up after 4 attempts") == true
            }
        }
        #expect(broken.apiRequests.count == 4)
    }

    @Test func gmailListFollowsPageTokensAndStopsOnARepeat() throws {
        let google = FakeGoogle([
            Self.json(200, #"{"messages":[{"id":"a","threadId":"t"},{"id":"b","threadId":"t"}],"nextPageToken":"p2","resultSizeEstimate":3}"#),
            Self.json(200, #"{"messages":[{"id":"c","threadId":"c"}],"resultSizeEstimate":3}"#),
            Self.json(200, #"{"resultSizeEstimate":0}"#),
            Self.json(200, #"{"messages":[{"id":"x"}],"nextPageToken":"same"}"#),
            Self.json(200, #"{"messages":[{"id":"y"}],"nextPageToken":"same"}"#),
        ])
        try withClients(google) { gmail, _, _ in
            let all = try gmail.listMessages(query: "from:a b", pageSize: 2)
            #expect(all.map(\.id) == ["a", "b", "c"])
            let none = try gmail.listMessages()
            #expect(none.isEmpty)
            #expect(throws: GoogleServiceError.self) { try gmail.listMessages() }
        }
        let second = google.apiRequests[1]
        #expect(second.query("pageToken") == "p2")
        #expect(second.query("q") == "from:a b")
        #expect(second.query("maxResults") == "2")
    }

    @Test func sheetsValuesEncodeTheRangeAndReadCells() throws {
        let google = FakeGoogle([Self.json(200, #"{"range":"'Captain''s Notes'!A1:B2","majorDimension":"ROWS","values":[["a",1.5],[true]]}"#)])
        let values = try withClients(google) { _, sheets, _ in
            try sheets.values("sheet-id", range: "'Captain''s Notes'!A1:B2", render: .unformatted)
        }
        #expect(values.range == "'Captain''s Notes'!A1:B2")
        #expect(values.rows.map { $0.map(ValueRange.text) } == [["a", "1.5"], ["TRUE"]])
        let request = try #require(google.apiRequests.first)
        #expect(request.rawPath == "/v4/spreadsheets/sheet-id/values/%27Captain%27%27s%20Notes%27%21A1%3AB2")
        #expect(request.query("valueRenderOption") == "UNFORMATTED_VALUE")
    }
}
