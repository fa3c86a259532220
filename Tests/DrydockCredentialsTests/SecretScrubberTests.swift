import DrydockCore
import DrydockCredentials
import Testing

/// The value redactor the journal, the request log and the CLI share: every credential shape, as written
/// and percent-encoded, and what must be left alone.
@Suite struct SecretScrubberTests {
    /// A text and what it scrubs to, shown in test output by its label only: the secret scan reads the test
    /// log, and these texts are shaped like real credentials on purpose.
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let text: String
        let scrubbed: String
        var testDescription: String { label }
    }

    static let accessToken = "ya29.a0AfB_byC-Zq3xY7.Lm9"
    static let refreshToken = "1//0gAbCdEfGhIjKlMn-op_q"
    static let clientSecret = "GOCSPX-AbCdEfGhIjKlMnOpQrStUvWx"
    static let sessionToken = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc=="
    static let secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    static let shapes: [Case] = [
        Case(label: "access token in text", text: "token \(accessToken) expired", scrubbed: "token [redacted] expired"),
        Case(label: "access token in q=", text: "?q=\(accessToken)&x=1", scrubbed: "?q=[redacted]&x=1"),
        Case(label: "refresh token in JSON", text: #"{"refresh_token": "\#(refreshToken)"}"#, scrubbed: #"{"refresh_token": "[redacted]"}"#),
        Case(label: "refresh token form-encoded", text: "refresh_token=1%2F%2F0gAbCdEfGhIjKlMn-op_q&grant_type=refresh_token", scrubbed: "refresh_token=[redacted]&grant_type=refresh_token"),
        Case(label: "refresh token, lowercase escapes", text: "refresh_token=1%2f%2f0gAbCdEfGhIjKlMn", scrubbed: "refresh_token=[redacted]"),
        Case(label: "refresh token in a path", text: "/users/\(refreshToken)/profile", scrubbed: "/users/[redacted]/profile"),
        Case(label: "client secret in a form", text: "client_secret=\(clientSecret)", scrubbed: "client_secret=[redacted]"),
        Case(label: "client secret in a sentence", text: "The OAuth client secret \(clientSecret) is wrong", scrubbed: "The OAuth client secret [redacted] is wrong"),
        Case(label: "session token in a header line", text: "X-Amz-Security-Token: \(sessionToken)", scrubbed: "X-Amz-Security-Token: [redacted]"),
        Case(label: "session token percent-encoded", text: "X-Amz-Security-Token=IQoJb3JpZ2luX2VjEJr%2F%2F%2F%2FwEaCXVz%2Babc%3D%3D&x=1", scrubbed: "X-Amz-Security-Token=[redacted]&x=1"),
        Case(label: "older STS session token", text: "token FwoGZXIvYXdzEBYaDHqa0AP1/2Fabc+def", scrubbed: "token [redacted]"),
        Case(label: "SecretAccessKey in JSON", text: #""SecretAccessKey" : "\#(secretKey)""#, scrubbed: #""SecretAccessKey" : "[redacted]""#),
        Case(label: "aws_secret_access_key=", text: "aws_secret_access_key=\(secretKey)", scrubbed: "aws_secret_access_key=[redacted]"),
        Case(label: "AWS_SECRET_ACCESS_KEY quoted", text: "AWS_SECRET_ACCESS_KEY='\(secretKey)'", scrubbed: "AWS_SECRET_ACCESS_KEY='[redacted]'"),
        Case(label: "secret_access_key percent-encoded", text: "secret_access_key: wJalrXUtnFEMI%2FK7MDENG%2FbPxRfiCYEXAMPLEKEY", scrubbed: "secret_access_key: [redacted]"),
        Case(label: "Bearer value", text: "Authorization: Bearer opaque-token.value~1", scrubbed: "Authorization: Bearer [redacted]"),
        Case(label: "bearer in any case", text: "authorization: bearer   abcdefgh+/==", scrubbed: "authorization: bearer   [redacted]"),
        Case(label: "two secrets in one line", text: "two: \(accessToken) and \(clientSecret).", scrubbed: "two: [redacted] and [redacted]."),
    ]

    @Test(arguments: shapes)
    func everyCredentialShapeIsScrubbed(_ shape: Case) {
        let scrubber = SecretScrubber()
        let scrubbed = scrubber.scrub(shape.text)
        #expect(scrubbed == shape.scrubbed)
        #expect(scrubber.containsSecret(shape.text))
        #expect(!scrubber.containsSecret(shape.scrubbed))
    }

    static let harmless = [
        #"expected {"refresh_token": "1//…"} in refresh_token.json"#,
        "ya29.short", "GOCSPX-x", "see http://example.com/v1//path and file1//0abcdefghij",
        #"WWW-Authenticate: Bearer realm="https://accounts.google.com/", error="invalid_token""#,
        #"Bearer error_description="Invalid Credentials""#,
        "IQoJb3JpZ2luX2Vj", "SecretAccessKey is required", "AKIAIOSFODNN7EXAMPLE", "expires_in 3599",
        "2026-11-26T15:04:05Z oauth token POST /token 200 0.4ms fault=-", "",
    ]

    @Test(arguments: harmless.indices)
    func ordinaryTextIsLeftAlone(index: Int) {
        let text = Self.harmless[index]
        #expect(SecretScrubber().scrub(text) == text, "harmless[\(index)] was changed")
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
