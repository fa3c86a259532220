import DrydockCore
import DrydockTesting
import Foundation
import Testing

/// `drydock preflight` and `drydock config show` as a user meets them: the built binary, a configuration
/// file, the emulators live.
@Suite("drydock preflight and config (child process)", .timeLimit(.minutes(1)))
struct PreflightCommandTests {
    /// A configuration file for `harness` and the variables that select it.
    static func configure(_ harness: EmulatorHarness, _ extra: String = "") throws -> [String: String] {
        let path = harness.scratch.appending("config.yaml")
        try PreflightRun.configurationText(harness, extra).write(toFile: path, atomically: true, encoding: .utf8)
        return ["DRYDOCK_CONFIG": path, "CURL_CA_BUNDLE": PreflightRun.trustStore(harness)]
    }

    @Test func healthyHostExitsZeroWithJSONAndJUnit() throws {
        try withEmulators(.live) { harness in
            var extra = try Self.configure(harness)
            let junit = harness.scratch.appending("preflight.xml")
            extra["TERM"] = "xterm"
            let result = try Drydock.run(["preflight", "--json", "--junit", junit, "--month", "2026-09"], against: harness, extra: extra)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let json = try JSONValue.parse(Array(result.stdout.utf8))
            #expect(json["passed"]?.boolValue == true)
            #expect(json["counts"]?["fail"]?.intValue == 0)
            let checks = Set((json["results"]?.arrayValue ?? []).compactMap { $0["check"]?.stringValue })
            #expect(checks == ["secrets", "token", "token-store", "refresh", "scopes", "gmail", "sheets", "imds", "aws-keys", "dynamodb", "clock", "tls", "disk", "version", "cron"])
            let version = (json["results"]?.arrayValue ?? []).first { $0["check"]?.stringValue == "version" }
            #expect(version?["evidence"]?.stringValue?.contains("build sha256:") == true)
            let xml = try String(contentsOfFile: junit, encoding: .utf8)
            #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"drydock preflight\""))
            #expect(xml.contains("failures=\"0\""))
            harness.knownSecrets().expectAbsent(from: xml, "JUnit file")
        }
    }

    @Test func aFailureExitsOneWithTheFixAndNoColourOffATerminal() throws {
        try withEmulators(.live) { harness in
            let extra = try Self.configure(harness)
            chmod(harness.secretsDirectory, 0o755)
            let result = try Drydock.run(["preflight", "--only", "secrets", "refresh"], against: harness, extra: extra)
            #expect(result.status == 1)
            #expect(result.stdout.contains("FAIL    secrets: secrets directory"))
            #expect(result.stdout.contains("fix: chmod 700 the secrets directory and chmod 600 every file in it"))
            #expect(result.stdout.contains("SKIPPED refresh"))
            #expect(!result.stdout.contains("\u{1B}["))
            #expect(result.stdout.contains("PASS    secrets: configuration file"))
            #expect(result.stdout.contains("\n1 passed, 0 warnings, 1 failed, 1 skipped ("))
        }
    }

    @Test func warningsFailOnlyWithStrict() throws {
        try withEmulators(.live) { harness in
            let extra = try Self.configure(harness)
            // An AWS key in the environment while the instance profile is meant to be used: a warning.
            let keys = ["AWS_ACCESS_KEY_ID": "AKIAEXAMPLEPREFLIGHT1", "AWS_SECRET_ACCESS_KEY": "preflightSecretKeyValueThatMustNotPrint0"]
            let relaxed = try Drydock.run(["preflight", "--only", "aws-keys"], against: harness, extra: extra.merging(keys) { $1 })
            #expect(relaxed.status == 0)
            #expect(relaxed.stdout.contains("WARN    aws-keys  AWS keys present ($AWS_ACCESS_KEY_ID, $AWS_SECRET_ACCESS_KEY)"))
            #expect(!relaxed.stdout.contains("preflightSecretKeyValueThatMustNotPrint0") && !relaxed.stdout.contains("AKIAEXAMPLEPREFLIGHT1"))
            let strict = try Drydock.run(["preflight", "--only", "aws-keys", "--strict"], against: harness, extra: extra.merging(keys) { $1 })
            #expect(strict.status == 1)
        }
    }

    @Test func asCronRunsWithCronsEnvironmentAndTheConfigurationFile() throws {
        try withEmulators(.live) { harness in
            let extra = try Self.configure(harness)
            let keep = harness.router.endpointVariables(baseURL: harness.baseURL).flatMap { ["--cron-keep", $0.name] }
            let result = try Drydock.run(["preflight", "--as-cron", "--json", "--only", "secrets", "refresh", "cron"] + keep, against: harness, extra: extra)
            #expect(result.status == 0, "\(result.stdout)")
            let json = try JSONValue.parse(Array(result.stdout.utf8))
            #expect(json["asCron"]?.boolValue == true)
            // No DRYDOCK_SECRETS_DIR under cron: the secrets directory comes from the file, which cron finds.
            let lines = json["results"]?.arrayValue ?? []
            let secrets = lines.first { $0["subject"]?.stringValue == "secrets directory" && $0["check"]?.stringValue == "cron" }
            #expect(secrets?["evidence"]?.stringValue?.contains("(from file \(extra["DRYDOCK_CONFIG"]!):1)") == true)
            #expect(lines.first { $0["check"]?.stringValue == "refresh" }?["status"]?.stringValue == "pass")
        }
    }

    @Test func unknownCheckIsAUsageError() throws {
        try withEmulators(.inProcess) { harness in
            let result = try Drydock.run(["preflight", "--only", "gmial"], against: harness)
            #expect(result.status == 64)
            #expect(result.stderr.contains("--only: unknown check 'gmial'; checks: secrets, token, token-store, refresh"))
        }
    }

    @Test func configShowSaysWhereEachValueCameFrom() throws {
        try withEmulators(.inProcess) { harness in
            let extra = try Self.configure(harness, "aws:\n  regions: [us-west-2]\n")
            let result = try Drydock.run(["config", "show"], against: harness, extra: extra)
            #expect(result.status == 0)
            #expect(result.stdout.contains("# configuration file: \(extra["DRYDOCK_CONFIG"]!)"))
            #expect(result.stdout.contains("aws.regions                        = [\"us-west-2\"]    # file \(extra["DRYDOCK_CONFIG"]!):8"))
            #expect(result.stdout.contains("secrets_directory                  = \(harness.secretsDirectory)    # environment DRYDOCK_SECRETS_DIR"))
            #expect(result.stdout.contains("aws.tables                         = [\"crew-dispatch\",\"charter-chats\"]    # default"))
        }
    }

    @Test func aBadConfigurationStopsEveryJobWithExit78NamingTheLine() throws {
        try withEmulators(.inProcess) { harness in
            let extra = try Self.configure(harness, "aws:\n  region: us-east-1\n")
            for arguments in [["config", "show"], ["preflight"], ["diag"], ["dispatch", "--from", "2026-09-01", "--to", "2026-09-30"]] {
                let result = try Drydock.run(arguments, against: harness, extra: extra)
                #expect(result.status == 78, "\(arguments)")
                #expect(result.stderr.contains("drydock: configuration: \(extra["DRYDOCK_CONFIG"]!):8:3: aws: unknown key \"region\"; expected one of: instance_profile, regions, tables"))
            }
        }
    }

    @Test func jobsTakeTheirDefaultsFromTheConfigurationAndFlagsWin() throws {
        try withEmulators(.live) { harness in
            let extra = try Self.configure(harness, "aws:\n  regions: [us-west-2]\n")
            let dispatch = try Drydock.run(["dispatch", "--from", "2026-09-01", "--to", "2026-09-30"], against: harness, extra: extra)
            #expect(dispatch.status == 0)
            #expect(dispatch.stdout.contains("from 2026-09-01 to 2026-09-30 in us-west-2\n") || dispatch.stdout.hasSuffix("in us-west-2\n"))
            let flagged = try Drydock.run(
                ["dispatch", "--from", "2026-09-01", "--to", "2026-09-30", "--regions", "us-east-1"], against: harness, extra: extra)
            #expect(flagged.stdout.contains("in us-east-1"))
            // The secrets directory from the file when DRYDOCK_SECRETS_DIR is unset (empty counts as unset).
            let unset = extra.merging(["DRYDOCK_SECRETS_DIR": ""]) { $1 }
            let reauth = try Drydock.run(["reauth", "--force"], against: harness, extra: unset)
            #expect(reauth.status == 0, "\(reauth.stderr)")
            let shown = try Drydock.run(["config", "show"], against: harness, extra: unset)
            #expect(shown.stdout.contains("secrets_directory                  = \(harness.secretsDirectory)    # file \(extra["DRYDOCK_CONFIG"]!):1"))
            // The spreadsheet id from google.spreadsheet_id: only the range is needed.
            let sheets = try Drydock.run(["sheets", "read", "September!A1:B2", "--csv"], against: harness, extra: extra)
            #expect(sheets.status == 0, "\(sheets.stderr)")
            #expect(!sheets.stdout.isEmpty)
        }
    }
}
