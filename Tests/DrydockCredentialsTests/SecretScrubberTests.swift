import DrydockCore
import DrydockCredentials
import Testing

/// The value redactor the journal, the request log and the CLI share: every credential shape, as written
/// and percent-encoded, and what must be left alone.
@Suite struct SecretScrubberTests {
    static let accessToken = "ya29.a0AfB_byC-Zq3xY7.Lm9"
    static let refreshToken = "1//0gAbCdEfGhIjKlMn-op_q"
    static let clientSecret = "GOCSPX-AbCdEfGhIjKlMnOpQrStUvWx"
    static let sessionToken = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc=="
    static let secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    static let shapes: [(text: String, scrubbed: String)] = [
        ("token \(accessToken) expired", "token [redacted] expired"),
        ("?q=\(accessToken)&x=1", "?q=[redacted]&x=1"),
        (#"{"refresh_token": "\#(refreshToken)"}"#, #"{"refresh_token": "[redacted]"}"#),
        ("refresh_token=1%2F%2F0gAbCdEfGhIjKlMn-op_q&grant_type=refresh_token", "refresh_token=[redacted]&grant_type=refresh_token"),
        ("refresh_token=1%2f%2f0gAbCdEfGhIjKlMn", "refresh_token=[redacted]"),
        ("/users/\(refreshToken)/profile", "/users/[redacted]/profile"),
        ("client_secret=\(clientSecret)", "client_secret=[redacted]"),
        ("The OAuth client secret \(clientSecret) is wrong", "The OAuth client secret [redacted] is wrong"),
        ("X-Amz-Security-Token: \(sessionToken)", "X-Amz-Security-Token: [redacted]"),
        ("X-Amz-Security-Token=IQoJb3JpZ2luX2VjEJr%2F%2F%2F%2FwEaCXVz%2Babc%3D%3D&x=1", "X-Amz-Security-Token=[redacted]&x=1"),
        ("token FwoGZXIvYXdzEBYaDHqa0AP1/2Fabc+def", "token [redacted]"),
        (#""SecretAccessKey" : "\#(secretKey)""#, #""SecretAccessKey" : "[redacted]""#),
        ("aws_secret_access_key=\(secretKey)", "aws_secret_access_key=[redacted]"),
        ("AWS_SECRET_ACCESS_KEY='\(secretKey)'", "AWS_SECRET_ACCESS_KEY='[redacted]'"),
        ("secret_access_key: wJalrXUtnFEMI%2FK7MDENG%2FbPxRfiCYEXAMPLEKEY", "secret_access_key: [redacted]"),
        ("Authorization: Bearer opaque-token.value~1", "Authorization: Bearer [redacted]"),
        ("authorization: bearer   abcdefgh+/==", "authorization: bearer   [redacted]"),
        ("two: \(accessToken) and \(clientSecret).", "two: [redacted] and [redacted]."),
    ]

    @Test(arguments: shapes)
    func everyCredentialShapeIsScrubbed(text: String, scrubbed: String) {
        let scrubber = SecretScrubber()
        #expect(scrubber.scrub(text) == scrubbed)
        #expect(scrubber.containsSecret(text))
        #expect(!scrubber.containsSecret(scrubbed))
    }

    static let harmless = [
        #"expected {"refresh_token": "1//…"} in refresh_token.json"#,
        "ya29.short", "GOCSPX-x", "see http://example.com/v1//path and file1//0abcdefghij",
        #"WWW-Authenticate: Bearer realm="https://accounts.google.com/", error="invalid_token""#,
        #"Bearer error_description="Invalid Credentials""#,
        "IQoJb3JpZ2luX2Vj", "SecretAccessKey is required", "AKIAIOSFODNN7EXAMPLE", "expires_in 3599",
        "2026-11-26T15:04:05Z oauth token POST /token 200 0.4ms fault=-", "",
    ]

    @Test(arguments: harmless)
    func ordinaryTextIsLeftAlone(text: String) {
        #expect(SecretScrubber().scrub(text) == text)
        #expect(!SecretScrubber().containsSecret(text))
    }

    @Test func knownValuesAreScrubbedAsWrittenAndPercentEncoded() {
        let scrubber = SecretScrubber(knownValues: ["opaque/token+1", "ab"], replacement: "REDACTED")
        #expect(scrubber.scrub("a opaque/token+1 b opaque%2Ftoken%2B1 c ab") == "a REDACTED b REDACTED c ab")
        #expect(scrubber.containsSecret("x=opaque%2Ftoken%2B1"))
        #expect(!scrubber.containsSecret("opaque/token"))
    }

    @Test func theRedactorUsesTheShapesToo() {
        let redactor = SecretRedactor(secrets: ["my-own-secret"])
        #expect(redactor.scrub("invalid_grant: \(Self.refreshToken) / my-own-secret / \(Self.accessToken)")
                == "invalid_grant: [redacted] / [redacted] / [redacted]")
        #expect(redactor.scrubMessage("line 1 \(Self.clientSecret)\nline 2") == "line 1 [redacted]\nline 2")
    }
}
