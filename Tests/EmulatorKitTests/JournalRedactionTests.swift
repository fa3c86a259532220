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

    /// (target sent, bearer header value, path journaled and logged).
    static let cases: [(target: String, bearer: String?, journaled: String)] = [
        ("/gmail/v1/users/me/messages?oauth_token=opaque-1", nil, "/gmail/v1/users/me/messages?oauth_token=REDACTED"),
        ("/gmail/v1/users/me/messages?q=from:a+\(accessToken)&maxResults=5", nil, "/gmail/v1/users/me/messages?q=REDACTED&maxResults=5"),
        ("/gmail/v1/users/me/messages?q=\(PercentEncoding.encode(refreshToken))", nil, "/gmail/v1/users/me/messages?q=REDACTED"),
        ("/gmail/v1/users/\(clientSecret)/profile", nil, "/gmail/v1/users/REDACTED/profile"),
        ("/gmail/v1/users/\(PercentEncoding.encode(refreshToken))/profile", nil, "/gmail/v1/users/REDACTED/profile"),
        ("/gmail/v1/users/x/\(refreshToken)", nil, "/gmail/v1/users/x/REDACTED"),
        ("/gmail/v1/users/me/messages?\(accessToken)", nil, "/gmail/v1/users/me/messages?REDACTED"),
        ("/gmail/v1/users/me/messages?\(clientSecret)=1&x=2", nil, "/gmail/v1/users/me/messages?REDACTED&x=2"),
        ("/gmail/v1/x?X-Amz-Security-Token=\(PercentEncoding.encode(sessionToken))", nil, "/gmail/v1/x?X-Amz-Security-Token=REDACTED"),
        ("/gmail/v1/x?note=\(PercentEncoding.encode(sessionToken))", nil, "/gmail/v1/x?note=REDACTED"),
        // The request's own bearer value, whatever its shape, wherever it is repeated.
        ("/gmail/v1/users/me/messages?q=opaque-bearer-42", "opaque-bearer-42", "/gmail/v1/users/me/messages?q=REDACTED"),
        ("/gmail/v1/opaque-bearer-42/x", "opaque-bearer-42", "/gmail/v1/REDACTED/x"),
        // Nothing secret: kept exactly as sent.
        ("/gmail/v1/users/me/messages?q=from%3Aana+larger%3A5M&pageToken=08123", nil, "/gmail/v1/users/me/messages?q=from%3Aana+larger%3A5M&pageToken=08123"),
    ]

    @Test(arguments: cases)
    func secretsAreRedactedInTheJournalAndTheLog(target: String, bearer: String?, journaled: String) throws {
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
