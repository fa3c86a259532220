import DrydockConfig
import DrydockCore
import DrydockPreflight
import Testing

@Suite("Preflight report, scopes and cron environment")
struct PreflightReportTests {
    static let report = PreflightReport(
        results: [
            PreflightResult("secrets", "refresh token", .pass, "/home/ops/.secrets/refresh_token.json"),
            PreflightResult("aws-keys", "", .warn, "AWS keys present ($AWS_ACCESS_KEY_ID)", fix: "remove them"),
            PreflightResult("dynamodb", "us-west-2/charter-chats", .fail, "table <charter-chats> not found & \"gone\"", fix: "create it"),
            PreflightResult("refresh", "", .skipped, "--no-refresh"),
        ],
        seconds: 1.25, timings: ["dynamodb": 0.5], asCron: true)

    @Test func tableColoursOnlyOnATerminalAndPutsTheFixUnderTheLine() {
        let plain = Self.report.table(colour: false)
        #expect(plain == """
            PASS    secrets: refresh token             /home/ops/.secrets/refresh_token.json
            WARN    aws-keys                           AWS keys present ($AWS_ACCESS_KEY_ID)
                                                       fix: remove them
            FAIL    dynamodb: us-west-2/charter-chats  table <charter-chats> not found & "gone"
                                                       fix: create it
            SKIPPED refresh                            --no-refresh
            1 passed, 1 warning, 1 failed, 1 skipped (1.2 s) in a cron-like environment
            """)
        let coloured = Self.report.table(colour: true)
        #expect(coloured.hasPrefix("\u{1B}[32mPASS   \u{1B}[0m secrets"))
        #expect(coloured.contains("\u{1B}[31mFAIL   \u{1B}[0m dynamodb"))
    }

    @Test func strictTurnsWarningsIntoFailures() {
        let warningOnly = PreflightReport(results: [Self.report.results[1]], seconds: 0, timings: [:], asCron: false)
        #expect(warningOnly.passed(strict: false))
        #expect(!warningOnly.passed(strict: true))
        #expect(warningOnly.junit(strict: true).contains("<failure message=\"AWS keys present ($AWS_ACCESS_KEY_ID)\" type=\"warn\">"))
        #expect(!warningOnly.junit(strict: false).contains("<failure"))
    }

    @Test func junitEscapesAndGroupsByCheck() {
        let xml = Self.report.junit(strict: false)
        #expect(xml.hasPrefix(JUnitXML.declaration + "<testsuites name=\"drydock preflight\" tests=\"4\" failures=\"1\" errors=\"0\" time=\"1.250\">\n"))
        #expect(xml.contains("""
              <testsuite name="dynamodb" tests="1" failures="1" errors="0" skipped="0" time="0.500">
                <testcase classname="dynamodb" name="us-west-2/charter-chats" time="0.000">
                  <failure message="table &lt;charter-chats&gt; not found &amp; &quot;gone&quot;" type="fail">table &lt;charter-chats&gt; not found &amp; &quot;gone&quot;
            fix: create it</failure>
                </testcase>
              </testsuite>
            """))
        #expect(xml.contains("<testcase classname=\"refresh\" name=\"refresh\" time=\"0.000\">\n      <skipped message=\"--no-refresh\"/>"))
        #expect(xml.hasSuffix("</testsuites>\n"))
    }

    @Test func jsonCountsEveryStatus() throws {
        let json = Self.report.json
        #expect(json["passed"] == .bool(false))
        #expect(json["asCron"] == .bool(true))
        #expect(json["counts"]?["skipped"]?.intValue == 1)
        #expect(json["results"]?.arrayValue?[2]["subject"]?.stringValue == "us-west-2/charter-chats")
        #expect(json["results"]?.arrayValue?[2]["fix"]?.stringValue == "create it")
    }

    @Test func broaderScopesCoverNarrowerOnes() {
        let readonly = JobScopes.gmailReadonly
        #expect(JobScopes.covers([readonly], readonly))
        #expect(JobScopes.covers(["https://mail.google.com/"], readonly))
        #expect(JobScopes.covers(["https://www.googleapis.com/auth/gmail.modify"], readonly))
        #expect(!JobScopes.covers(["https://www.googleapis.com/auth/gmail.send"], readonly))
        #expect(JobScopes.covers(["https://www.googleapis.com/auth/drive"], JobScopes.spreadsheetsReadonly))
        #expect(!JobScopes.covers([JobScopes.spreadsheetsReadonly], "https://www.googleapis.com/auth/spreadsheets"))
        #expect(JobScopes.expand("gmail.readonly") == readonly)
    }

    @Test func cronKeepsOnlyWhatTheCrontabSets() {
        let shell = Environment([
            "PATH": "/home/ops/bin:/usr/local/bin:/usr/bin", "HOME": "/home/ops-login", "DRYDOCK_CONFIG": "/etc/drydock/config.yaml",
            "DRYDOCK_SECRETS_DIR": "/home/ops/.secrets", "AWS_REGION": "us-east-1", "XDG_CONFIG_HOME": "/home/ops/.config",
        ])
        let cron = CronEnvironment.make(from: shell, keep: ["AWS_REGION"], account: .init(name: "ops", home: "/home/ops"))
        #expect(cron.values == [
            "PATH": "/usr/bin:/bin", "SHELL": "/bin/sh", "HOME": "/home/ops", "LOGNAME": "ops", "USER": "ops",
            "DRYDOCK_CONFIG": "/etc/drydock/config.yaml", "AWS_REGION": "us-east-1",
        ])
    }
}
