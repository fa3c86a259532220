import DrydockCore
import DrydockPreflight
import DrydockTesting
import Foundation
import Testing

/// Preflight's time limits against endpoints that never answer (the live emulators' `hang`, a real
/// socket): a check cut by its own bound or by `--timeout` fails naming the check, the endpoint and the
/// limit, in the table, the JSON and the JUnit file alike; the checks after it still run.
@Suite("drydock preflight time limits", .timeLimit(.minutes(1)))
struct PreflightTimeLimitTests {
    @Test func aHangingEndpointFailsItsCheckAtThePerCheckLimitAndTheOthersStillRun() throws {
        try withEmulators(.live) { harness in
            // The first DescribeTable never answers (its client would wait 20 s, then retry).
            try harness.addFault(#"{"service":"dynamodb","operation":"DescribeTable","times":1,"action":{"type":"hang"}}"#)
            var run = PreflightRun(harness)
            run.options.only = ["imds", "dynamodb", "disk"]
            run.options.checkTimeout = 1
            let started = ContinuousClock.now

            let report = try run.run()

            let elapsed = ContinuousClock.now - started
            #expect(elapsed < .seconds(5), "\(elapsed)")
            let cut = try #require(report.line("dynamodb", "time limit"))
            #expect(cut.status == .fail)
            #expect(cut.evidence.hasPrefix("the dynamodb check was cut by the per-check limit (1 s): POST \(harness.baseURL)"))
            #expect(cut.evidence.contains(" did not answer in time"))
            #expect(cut.fix.hasPrefix("check that this host reaches \(harness.baseURL) (DNS, firewall, proxy)"))
            // Checks before and after it ran in full.
            #expect(report.line("imds", "credentials")?.status == .pass)
            #expect(report.results.contains { $0.check == "disk" && $0.status == .pass })
            #expect(!report.passed(strict: false))

            let json = try JSONValue.parse(Array(report.json.serialized().utf8))
            let line = json["results"]?.arrayValue?.first { $0["subject"]?.stringValue == "time limit" }
            #expect(line?["check"]?.stringValue == "dynamodb")
            #expect(line?["status"]?.stringValue == "fail")
            #expect(line?["evidence"]?.stringValue == cut.evidence)
            #expect(json["passed"]?.boolValue == false)
            let xml = report.junit(strict: false)
            #expect(xml.contains("<testcase classname=\"dynamodb\" name=\"time limit\" time=\"0.000\">\n"
                + "      <failure message=\"the dynamodb check was cut by the per-check limit (1 s): POST \(harness.baseURL)"))
        }
    }

    @Test func theRunsTimeoutCutsTheCheckInFlightAndRefusesTheNetworkAfterIt() throws {
        try withEmulators(.live) { harness in
            try harness.addFault(#"{"service":"imds","action":{"type":"hang"}}"#)
            var run = PreflightRun(harness)
            run.options.only = ["imds", "dynamodb", "disk", "version"]
            run.options.timeout = 1.5
            let started = ContinuousClock.now

            let report = try run.run()

            let elapsed = ContinuousClock.now - started
            // 1.5 s, not the IMDS check's 2 s token request and the DynamoDB check's own IMDS round.
            #expect(elapsed < .seconds(3.5), "\(elapsed)")
            let token = "PUT \(harness.baseURL)/latest/api/token"
            #expect(report.line("imds", "time limit")?.evidence
                == "the imds check was cut by the preflight --timeout (1.5 s): \(token) did not answer in time")
            #expect(report.line("imds", "token")?.status == .fail)
            // The chain's IMDS round: the token request refused, then the IMDSv1 fallback's GET.
            #expect(report.line("dynamodb", "time limit")?.evidence
                == "the dynamodb check was cut by the preflight --timeout (1.5 s): \(token) was not sent (no time left); 1 later request was not sent")
            let credentials = try #require(report.line("dynamodb", "credentials"))
            #expect(credentials.status == .fail)
            #expect(credentials.evidence.contains("the preflight --timeout (1.5 s) was reached"))
            // Checks that need no network still ran.
            #expect(report.results.contains { $0.check == "disk" && $0.status == .pass })
            #expect(report.line("version")?.status == .pass)
        }
    }

    @Test func aRunFetchesTheInstanceRolesCredentialsOnce() throws {
        try withEmulators(.inProcess) { harness in
            try harness.writeCachedToken()
            // The shared token store makes the token-store and refresh checks AWS clients too.
            var run = PreflightRun(harness, extraConfiguration: "token_store:\n  kind: secretsmanager\n  region: us-east-1\n  host_id: ops-9")
            let report = try run.run()

            #expect(report.line("imds", "credentials")?.status == .pass)
            #expect(report.results.contains { $0.check == "dynamodb" && $0.status == .pass })
            #expect(report.results.contains { $0.check == "token-store" && $0.status != .skipped })
            let fetches = harness.journal(service: "imds", operation: "credentials").filter {
                $0["path"]?.stringValue?.hasSuffix("/security-credentials/") == false
            }
            #expect(fetches.count == 1, "one fetch shared by every check: \(fetches.count)")

            // Checks that need no AWS never fetch.
            let before = harness.journal(service: "imds").count
            run.options.only = ["secrets", "disk", "version"]
            _ = try run.run()
            #expect(harness.journal(service: "imds").count == before)
        }
    }

    @Test(arguments: ["0", "abc", "nan", "inf", "3601"])
    func aBadTimeoutIsAUsageError(value: String) throws {
        try withEmulators(.inProcess) { harness in
            let extra = try PreflightCommandTests.configure(harness)
            let result = try Drydock.run(["preflight", "--timeout", value], against: harness, extra: extra)
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.stderr.contains("--timeout must be a number of seconds > 0 (at most 3600), got '\(value)'"), "\(result.stderr)")
        }
    }

    @Test func theCommandEndsWithinItsTimeoutAndExitsOne() throws {
        try withEmulators(.live) { harness in
            try harness.addFault(#"{"service":"imds","action":{"type":"hang"}}"#)
            let extra = try PreflightCommandTests.configure(harness)
            let started = ContinuousClock.now
            let result = try Drydock.run(["preflight", "--json", "--only", "imds", "dynamodb", "disk", "--timeout", "1"], against: harness, extra: extra)
            let elapsed = ContinuousClock.now - started
            #expect(elapsed < .seconds(4), "\(elapsed)")
            #expect(result.status == 1, "\(result.stderr)")
            let json = try JSONValue.parse(Array(result.stdout.utf8))
            let cut = json["results"]?.arrayValue?.first { $0["check"]?.stringValue == "imds" && $0["subject"]?.stringValue == "time limit" }
            #expect(cut?["evidence"]?.stringValue == "the imds check was cut by the preflight --timeout (1 s): "
                + "PUT \(harness.baseURL)/latest/api/token did not answer in time")
        }
    }
}
