import DrydockCore
import DrydockPreflight
import DrydockTesting
import Foundation
import Testing

@Suite("drydock preflight against the emulators", .timeLimit(.minutes(1)))
struct PreflightTests {
    @Test(arguments: EmulatorHarness.Mode.allCases)
    func everyCheckPassesAgainstHealthyEmulators(mode: EmulatorHarness.Mode) throws {
        try withEmulators(mode) { harness in
            // A host that has run its jobs has a cached token (the live refresh replaces it).
            try harness.writeCachedToken()
            let report = try PreflightRun(harness).run()
            #expect(report.line("token", "cache")?.evidence.hasPrefix("expires in 29 min; refreshed at ") == true)
            #expect(report.failures.isEmpty, "\(report.failures)")
            #expect(report.count(.warn) == 0, "\(report.table(colour: false))")
            #expect(report.passed(strict: true))
            // Every check ran and passed at least once (token-store only applies to token_store: secretsmanager;
            // theSharedTokenStoreIsCheckedWithoutWriting covers it).
            for name in PreflightChecks.names where name != "token-store" {
                #expect(report.results.contains { $0.check == name && $0.status == .pass }, "\(name) did not pass")
            }
            #expect(report.line("token-store", "shared")?.evidence == "token_store is file: this host's cache only")
            #expect(report.line("secrets", "refresh token")?.status == .pass)
            #expect(report.line("refresh")?.evidence.hasPrefix("the token endpoint issued a token that expires in") == true)
            #expect(report.line("scopes", "report")?.evidence == "granted: gmail.readonly, spreadsheets.readonly")
            #expect(report.line("gmail", "bookings@harbor-charters.example")?.evidence.hasPrefix("getProfile: bookings@harbor-charters.example") == true)
            #expect(report.line("sheets", "1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a")?.evidence
                == "\"Captains' Trip Sheets 2026\" opens; tab \"September\" present (5 tabs)")
            #expect(report.line("imds", "role")?.evidence == "drydock-ops-host")
            #expect(report.line("dynamodb", "us-west-2/charter-chats")?.status == .pass)
            #expect(report.line("clock", "google")?.status == .pass)
            #expect(report.line("clock", "aws")?.status == .pass)
            #expect(report.line("tls", "google")?.status == .skipped)
            #expect(report.line("cron", "secrets directory")?.evidence
                == "cron resolves \(harness.secretsDirectory) (from file \(harness.scratch.appending("config.yaml")):1), as this run does")
        }
    }

    @Test func noRefreshSkipsTheLiveRefreshAndSendsNoTokenRequest() throws {
        try withEmulators(.inProcess) { harness in
            var run = PreflightRun(harness)
            run.options.refresh = false
            run.options.only = ["secrets", "refresh"]
            let report = try run.run()
            #expect(report.line("refresh") == PreflightResult("refresh", "", .skipped, "--no-refresh"))
            #expect(harness.tokenRequestCount == 0)
            #expect(report.results.allSatisfy { ["secrets", "refresh"].contains($0.check) })
        }
    }

    @Test func revokedRefreshTokenFailsTheRefreshWithReconsentFix() throws {
        try withEmulators(.inProcess) { harness in
            try harness.rewriteRefreshToken(try #require(DefaultFixtures.revokedRefreshToken))
            let report = try PreflightRun(harness).run()
            let refresh = try #require(report.line("refresh"))
            #expect(refresh.status == .fail)
            #expect(refresh.evidence.contains("invalid_grant"))
            #expect(refresh.fix == "the refresh token was revoked or expired: run the consent flow again for the mailbox, replace refresh_token.json, then `drydock reauth`")
            #expect(!report.passed(strict: false))
        }
    }

    @Test func missingScopeNamesTheJobThatWillFail() throws {
        try withEmulators(.inProcess) { harness in
            let report = try PreflightRun(harness, extraConfiguration: "scopes:\n  sheets: [spreadsheets]\n").run()
            let sheets = try #require(report.line("scopes", "sheets"))
            #expect(sheets.status == .fail)
            #expect(sheets.evidence == "`drydock sheets` will fail: the token lacks spreadsheets "
                + "(granted: gmail.readonly, gmail.send, spreadsheets.readonly)")
            #expect(sheets.fix.hasPrefix("re-consent for the mailbox with https://www.googleapis.com/auth/spreadsheets added"))
            #expect(report.line("scopes", "bookings")?.status == .pass)
        }
    }

    @Test func aMailboxOtherThanTheTokensAccountFailsTheGmailCheck() throws {
        try withEmulators(.inProcess) { harness in
            var run = PreflightRun(harness)
            run.configuration = run.configuration.replacingOccurrences(
                of: "mailbox: bookings@harbor-charters.example", with: "mailbox: dispatch@harbor-charters.example")
            run.options.only = ["gmail"]
            let report = try run.run()
            let gmail = try #require(report.line("gmail", "dispatch@harbor-charters.example"))
            #expect(gmail.status == .fail)
            #expect(gmail.evidence.hasSuffix("Delegation denied for bookings@harbor-charters.example"))
            #expect(gmail.fix == "the token belongs to another account: consent as dispatch@harbor-charters.example, or correct google.mailbox in the configuration")
        }
    }

    @Test func imdsDownFailsTheInstanceProfileChecks() throws {
        try withEmulators(.inProcess) { harness in
            try harness.addFault(#"{"service":"imds","action":{"type":"reset"}}"#)
            var run = PreflightRun(harness)
            run.options.only = ["imds", "dynamodb"]
            let report = try run.run()
            let token = try #require(report.line("imds", "token"))
            #expect(token.status == .fail)
            #expect(token.evidence.hasPrefix("PUT \(harness.baseURL)/latest/api/token failed:"))
            #expect(token.fix == IMDSCheckFix.unreachable)
            let credentials = try #require(report.line("dynamodb", "credentials"))
            #expect(credentials.status == .fail)
            #expect(credentials.evidence.hasPrefix("no usable AWS credentials; tried:"))
        }
    }

    @Test func tableMissingInOneRegionFailsThatRegionOnly() throws {
        let fixtures = try TemporaryDirectory("fixtures")
        defer { fixtures.remove() }
        try FileManager.default.copyItem(atPath: DrydockFixturesPath.default, toPath: fixtures.appending("set"))
        try FileManager.default.removeItem(atPath: fixtures.appending("set/dynamodb/us-west-2/charter-chats.json"))
        try withEmulators(.inProcess, fixturesDirectory: fixtures.appending("set")) { harness in
            var run = PreflightRun(harness)
            run.options.only = ["dynamodb"]
            let report = try run.run()
            #expect(report.line("dynamodb", "us-east-1/charter-chats")?.status == .pass)
            let missing = try #require(report.line("dynamodb", "us-west-2/charter-chats"))
            #expect(missing.status == .fail)
            #expect(missing.evidence.hasPrefix("DescribeTable: table charter-chats not found in us-west-2"))
            #expect(missing.fix == "create charter-chats in us-west-2 (or restore it), or remove us-west-2 from aws.regions")
            #expect(report.failures.count == 1)
        }
    }

    @Test func clockSkewFromDateHeadersWarnsThenFails() throws {
        try withEmulators(.inProcess) { harness in
            var run = PreflightRun(harness)
            run.options.only = ["clock"]
            harness.clock.advance(seconds: 90)
            let warned = try run.run()
            let google = try #require(warned.line("clock", "google"))
            #expect(google.status == .warn)
            #expect(google.evidence.contains("this host is 90 s behind") || google.evidence.contains("this host is 89 s behind")
                || google.evidence.contains("this host is 91 s behind"), "\(google.evidence)")
            #expect(google.fix.hasPrefix("synchronize the clock"))
            #expect(warned.passed(strict: false) && !warned.passed(strict: true))
            harness.clock.advance(seconds: 210)
            let failed = try run.run()
            let aws = try #require(failed.line("clock", "aws"))
            #expect(aws.status == .fail)
            #expect(aws.evidence.hasSuffix("over 240 s, AWS refuses signatures at 300 s"))
        }
    }

    @Test func wrongModesFailTheSecretsCheckWithChmodFix() throws {
        try withEmulators(.inProcess) { harness in
            chmod(harness.secretsDirectory + "/refresh_token.json", 0o644)
            let report = try PreflightRun(harness).run()
            let token = try #require(report.line("secrets", "refresh token"))
            #expect(token.status == .fail)
            #expect(token.evidence.contains("0644"))
            #expect(token.fix == "chmod 700 the secrets directory and chmod 600 every file in it")
            // Nothing that needs the secrets is attempted.
            #expect(report.line("refresh")?.status == .skipped)
            #expect(report.line("gmail")?.status == .skipped)
        }
    }

    @Test func aConfigurationFileOthersCanWriteFails() throws {
        try withEmulators(.inProcess) { harness in
            var run = PreflightRun(harness)
            run.configurationMode = 0o666
            run.options.only = ["secrets"]
            let report = try run.run()
            let line = try #require(report.line("secrets", "configuration file"))
            #expect(line.status == .fail)
            #expect(line.evidence == "\(run.configurationPath) has mode 666: writable by others, who could point the jobs at their own secrets directory")
            #expect(line.fix == "chmod go-w \(run.configurationPath)")
        }
    }

    @Test func aBadJobSettingFailsInsteadOfTheSecrets() throws {
        try withEmulators(.inProcess) { harness in
            var run = PreflightRun(harness)
            run.extraEnvironment["DRYDOCK_API_DEADLINE_SECONDS"] = "soon"
            run.options.only = ["secrets", "gmail"]
            let report = try run.run()
            #expect(report.line("secrets", "settings") == PreflightResult(
                "secrets", "settings", .fail, "DRYDOCK_API_DEADLINE_SECONDS must be a number of seconds > 0 (at most 86400), got 'soon'",
                fix: "correct or unset the variable the message names"))
            #expect(report.line("gmail")?.status == .skipped)
        }
    }

    @Test func noTrustStoreFailsWithInstallFix() throws {
        try withEmulators(.inProcess) { harness in
            var run = PreflightRun(harness)
            run.options.trustStoreCandidates = [harness.scratch.appending("no-such-bundle.pem")]
            run.options.only = ["tls"]
            let report = try run.run()
            let store = try #require(report.line("tls", "trust store"))
            #expect(store.status == .fail)
            #expect(store.evidence.hasPrefix("no CA bundle: CURL_CA_BUNDLE and SSL_CERT_FILE are unset and none of"))
            #expect(store.fix.hasPrefix("install the CA certificates (Debian/Ubuntu: apt-get install ca-certificates"))
        }
    }

    @Test func tlsFailureCarriesLibcurlsOwnError() throws {
        try withEmulators(.live) { harness in
            var run = PreflightRun(harness)
            let port = harness.baseURL.split(separator: ":").last.map(String.init) ?? ""
            run.extraEnvironment["GOOGLE_OAUTH_TOKEN_URI"] = "https://127.0.0.1:\(port)/token"
            run.options.only = ["tls"]
            let report = try run.run()
            let google = try #require(report.line("tls", "google"))
            #expect(google.status == .fail)
            #expect(google.evidence.hasPrefix("https://127.0.0.1:\(port): "))
            #expect(google.evidence.lowercased().contains("ssl") || google.evidence.lowercased().contains("tls"), "\(google.evidence)")
        }
    }

    @Test func cronWithAnotherHomeFailsWhenTheSecretsComeFromTheShell() throws {
        try withEmulators(.inProcess) { harness in
            // No secrets_directory in the file: this run has DRYDOCK_SECRETS_DIR, cron would use ~/.secrets.
            var run = PreflightRun(harness)
            run.configuration = "google:\n  mailbox: bookings@harbor-charters.example\n"
            run.options.only = ["cron"]
            let report = try run.run()
            let secrets = try #require(report.line("cron", "secrets directory"))
            #expect(secrets.status == .fail)
            #expect(secrets.evidence == "this run uses \(harness.secretsDirectory) (from environment DRYDOCK_SECRETS_DIR); "
                + "cron would use \(harness.scratch.path)/.secrets (from environment HOME)")
            #expect(secrets.fix == "set secrets_directory: \(harness.secretsDirectory) in the configuration file, so cron and this shell agree")
        }
    }

    @Test func theSharedTokenStoreIsCheckedWithoutWriting() throws {
        try withEmulators(.inProcess) { harness in
            var run = PreflightRun(harness, extraConfiguration: "token_store:\n  kind: secretsmanager\n  region: us-east-1\n  host_id: ops-9")
            run.options.only = ["token-store"]
            var report = try run.run()
            let secret = try #require(report.line("token-store", "secret drydock/google-token"))
            #expect(secret.status == .warn)
            #expect(secret.evidence == "readable in us-east-1, no token stored yet")
            let lease = try #require(report.line("token-store", "lease table drydock-locks"))
            #expect(lease.status == .pass)
            #expect(lease.evidence.hasPrefix("UpdateItem allowed in us-east-1"))
            #expect(harness.journal(service: "secretsmanager", operation: "PutSecretValue").isEmpty)
            #expect(harness.journal(service: "dynamodb", operation: "UpdateItem").map { $0["status"] } == [400], "the probe's condition failed")
            #expect(harness.tokenRequestCount == 0)

            // A lease table that does not exist fails, naming the fix.
            run.configuration += "\n  lock_table: no-such-locks"
            report = try run.run()
            let missing = try #require(report.line("token-store", "lease table no-such-locks"))
            #expect(missing.status == .fail)
            #expect(missing.evidence.contains("lease table 'no-such-locks' in us-east-1"))
            #expect(missing.evidence.contains("Create the table"))
        }
    }

    @Test func jsonAndJUnitCarryEveryLine() throws {
        try withEmulators(.inProcess) { harness in
            try harness.addFault(#"{"service":"imds","action":{"type":"reset"}}"#)
            var run = PreflightRun(harness)
            run.options.refresh = false
            let report = try run.run()
            let json = try JSONValue.parse(Array(report.json.serialized().utf8))
            #expect(json["passed"]?.boolValue == false)
            #expect(json["results"]?.arrayValue?.count == report.results.count)
            let first = json["results"]?.arrayValue?.first
            #expect(first?["check"]?.stringValue == "secrets")
            #expect(first?["status"]?.stringValue == "pass")
            #expect(json["counts"]?["fail"]?.intValue == report.count(.fail))
            let xml = report.junit(strict: false)
            #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"drydock preflight\" tests=\"\(report.results.count)\" failures=\"\(report.count(.fail))\""))
            #expect(xml.contains("<testsuite name=\"imds\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\""))
            #expect(xml.contains("<testcase classname=\"refresh\" name=\"refresh\" time=\"0.000\">\n      <skipped message=\"--no-refresh\"/>"))
            #expect(xml.contains("<failure message=\"PUT \(harness.baseURL)/latest/api/token failed:"))
            #expect(xml.contains("fix: check that the instance has an instance profile"))
        }
    }
}

/// The IMDS fix text, as the check words it.
enum IMDSCheckFix {
    static let unreachable = "check that the instance has an instance profile, that IMDS is enabled (HttpEndpoint=enabled) "
        + "and, in a container, that HttpPutResponseHopLimit is at least 2"
}

enum DrydockFixturesPath {
    static var `default`: String { DefaultFixtures.directory }
}
