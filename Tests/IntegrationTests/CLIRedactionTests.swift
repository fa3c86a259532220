import DrydockCore
import DrydockTesting
import Foundation
import Testing

/// Server text the CLI prints — a token endpoint's `error_description`, a DynamoDB message, a Gmail error —
/// is scrubbed of anything shaped like a credential, even values Drydock never knew (the built binary,
/// its real stdout and stderr).
@Suite("CLI output redaction")
struct CLIRedactionTests {
    /// Credentials of every shape, none of them known to the process that prints them.
    static let foreign: [(label: String, value: String)] = [
        ("access token", "ya29.FOREIGNaccessTOKEN-0123456789"),
        ("refresh token", "1//0foreignRefreshToken-0123456789"),
        ("client secret", "GOCSPX-foreignClientSecret0123"),
        ("session token", "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQforeign=="),
        ("secret access key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFOREIGNKEY"),
        ("bearer value", "opaqueBearerValue-77x"),
    ]

    /// One sentence holding every foreign credential, as a server might echo a request.
    static var echo: String {
        "echoing \(foreign[0].value), \(foreign[1].value), \(foreign[2].value), X-Amz-Security-Token: \(foreign[3].value), "
            + "aws_secret_access_key=\(foreign[4].value), Authorization: Bearer \(foreign[5].value)"
    }

    static func expectScrubbed(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for (label, value) in foreign {
            #expect(!text.contains(value), "\(what) leaks the \(label)", sourceLocation: sourceLocation)
        }
        #expect(text.contains("[redacted]"), "\(what) shows where it scrubbed: \(text)", sourceLocation: sourceLocation)
    }

    static func rule(_ service: String, status: Int, body: JSONValue, extra: [(String, JSONValue)] = []) -> String {
        JSONValue.object([("service", .string(service))] + extra + [
            ("action", .object([("type", "status"), ("status", .number(status)), ("body", .string(body.serialized()))])),
        ]).serialized()
    }

    @Test("reauth: a token endpoint's error_description")
    func tokenEndpointErrorDescription() throws {
        try withEmulators(.live) { harness in
            let body: JSONValue = ["error": "invalid_request", "error_description": .string(Self.echo)]
            try harness.addFault(Self.rule("oauth", status: 400, body: body, extra: [("operation", "token")]))
            let result = try Drydock.run(["reauth", "--force"], against: harness)
            #expect(result.status == 78, "\(result.stderr)")
            #expect(result.stderr.contains("invalid_request"))
            Self.expectScrubbed(result.stdout + result.stderr, "reauth's output")
        }
    }

    @Test("dispatch: a DynamoDB message echoed on stderr")
    func dynamoDBMessage() throws {
        try withEmulators(.live) { harness in
            let body: JSONValue = ["__type": "com.amazon.coral.validate#ValidationException", "message": .string(Self.echo)]
            try harness.addFault(Self.rule("dynamodb", status: 400, body: body, extra: [("region", "us-west-2")]))
            let result = try Drydock.run(
                ["dispatch", "--from", "2026-09-01", "--to", "2026-09-30"], against: harness, extra: ["AWS_MAX_ATTEMPTS": "1"])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("region us-west-2 failed"), "\(result.stderr)")
            #expect(result.stderr.contains("ValidationException"))
            Self.expectScrubbed(result.stderr, "dispatch's stderr")
        }
    }

    /// The argument is logged with the child's command line, which CI/scan-secrets.sh reads: a refresh-token
    /// shape without the `0` Google's always have, which the scrubber catches and the scan does not.
    @Test("a usage error echoing an argument")
    func usageError() throws {
        let argument = "1//Xusage-error-credential-42"
        let result = try ChildProcess.run(
            Drydock.path, ["sheets", "read", "x/" + argument, "A1"],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("SPREADSHEET must be a spreadsheet id (the part of the URL after /d/), got 'x/[redacted]'"))
        #expect(!(result.stdout + result.stderr).contains(argument))
    }

    @Test("diag: a Gmail error in the report on stdout")
    func gmailErrorInDiag() throws {
        try withEmulators(.live) { harness in
            let body: JSONValue = ["error": ["code": 403, "message": .string(Self.echo), "status": "PERMISSION_DENIED"]]
            try harness.addFault(Self.rule("gmail", status: 403, body: body))
            let result = try Drydock.run(["diag"], against: harness)
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            Self.expectScrubbed(result.stdout + result.stderr, "diag's report")
        }
    }
}
