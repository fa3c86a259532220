import DrydockCore
import DrydockHTTP
import EmulatorKit
import Testing

/// Secrets are kept out of the journal and the request log by value, not only by parameter name: in any
/// query value, query name or path segment, as sent or percent-encoded, and the request's own bearer value.
@Suite struct JournalRedactionTests {
    static let accessToken = "ya29.a0AfB_byC-Zq3xY7Lm9"
    static let refreshToken = "1//0gAbCdEfGhIjKlMn-op_q"
    static let clientSecret = "GOCSPX-AbCdEfGhIjKlMnOpQrStUvWx"
    static let sessionToken = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc=="

    /// A target sent (with a bearer header value) and the path journaled and logged; shown in test output by
    /// its label only, since the secret scan reads the test log.
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let target: String
        let bearer: String?
        let journaled: String
        var testDescription: String { label }

        init(_ label: String, _ target: String, _ bearer: String?, _ journaled: String) {
            self.label = label
            self.target = target
            self.bearer = bearer
            self.journaled = journaled
        }
    }

    static let cases: [Case] = [
        Case("oauth_token by name", "/gmail/v1/users/me/messages?oauth_token=opaque-1", nil, "/gmail/v1/users/me/messages?oauth_token=REDACTED"),
        Case("access token in q", "/gmail/v1/users/me/messages?q=from:a+\(accessToken)&maxResults=5", nil, "/gmail/v1/users/me/messages?q=REDACTED&maxResults=5"),
        Case("encoded refresh token in q", "/gmail/v1/users/me/messages?q=\(PercentEncoding.encode(refreshToken))", nil, "/gmail/v1/users/me/messages?q=REDACTED"),
        Case("client secret as a path segment", "/gmail/v1/users/\(clientSecret)/profile", nil, "/gmail/v1/users/REDACTED/profile"),
        Case("encoded refresh token as a path segment", "/gmail/v1/users/\(PercentEncoding.encode(refreshToken))/profile", nil, "/gmail/v1/users/REDACTED/profile"),
        Case("refresh token spanning segments", "/gmail/v1/users/x/\(refreshToken)", nil, "/gmail/v1/users/x/REDACTED"),
        Case("access token as a bare query name", "/gmail/v1/users/me/messages?\(accessToken)", nil, "/gmail/v1/users/me/messages?REDACTED"),
        Case("client secret as a query name", "/gmail/v1/users/me/messages?\(clientSecret)=1&x=2", nil, "/gmail/v1/users/me/messages?REDACTED&x=2"),
        Case("session token by name", "/gmail/v1/x?X-Amz-Security-Token=\(PercentEncoding.encode(sessionToken))", nil, "/gmail/v1/x?X-Amz-Security-Token=REDACTED"),
        Case("session token by value", "/gmail/v1/x?note=\(PercentEncoding.encode(sessionToken))", nil, "/gmail/v1/x?note=REDACTED"),
        // The request's own bearer value, whatever its shape, wherever it is repeated.
        Case("the bearer value repeated in q", "/gmail/v1/users/me/messages?q=opaque-bearer-42", "opaque-bearer-42", "/gmail/v1/users/me/messages?q=REDACTED"),
        Case("the bearer value as a path segment", "/gmail/v1/opaque-bearer-42/x", "opaque-bearer-42", "/gmail/v1/REDACTED/x"),
        // Nothing secret: kept exactly as sent.
        Case("nothing secret", "/gmail/v1/users/me/messages?q=from%3Aana+larger%3A5M&pageToken=08123", nil, "/gmail/v1/users/me/messages?q=from%3Aana+larger%3A5M&pageToken=08123"),
    ]

    @Test(arguments: cases)
    func secretsAreRedactedInTheJournalAndTheLog(_ example: Case) throws {
        let (target, bearer, journaled) = (example.target, example.bearer, example.journaled)
        let edge = TestEdge()
        var headers: HTTPHeaders = [:]
        if let bearer { headers.set("Authorization", "Bearer " + bearer) }
        edge.send("GET", target, headers: headers)
        let entry = try #require(edge.journal.first)
        #expect(entry["path"]?.stringValue == journaled)
        let line = try #require(edge.logs.all.first)
        #expect(line.contains(" GET \(journaled) 200 "), "\(line)")
        let everything = edge.control("GET", "/_drydock/journal").json.serialized() + edge.logs.all.joined()
        for secret in [Self.accessToken, Self.refreshToken, Self.clientSecret, Self.sessionToken, "opaque-1", "opaque-bearer-42"] {
            #expect(!everything.contains(secret), "\(secret) leaked")
            #expect(!everything.contains(PercentEncoding.encode(secret)), "\(secret) leaked percent-encoded")
        }
    }

    @Test func aMethodShapedLikeASecretIsScrubbed() throws {
        let edge = TestEdge()
        edge.send(Self.clientSecret, "/gmail/v1/x")
        let entry = try #require(edge.journal.first)
        #expect(entry["method"] == "REDACTED")
        #expect(!edge.logs.all.joined().contains(Self.clientSecret))
    }

    @Test func controlRequestsAreLoggedRedactedToo() {
        let edge = TestEdge()
        edge.send("GET", "/_drydock/journal?service=\(Self.accessToken)")
        let line = edge.logs.all.joined()
        #expect(line.contains("GET /_drydock/journal?service=REDACTED 400 "), "\(line)")
        #expect(!line.contains(Self.accessToken))
    }
}
