import DrydockConfig
import DrydockCore
import DrydockTesting
import Foundation
import Testing

@Suite("Host configuration")
struct HostConfigurationTests {
    static let sample = """
        secrets_directory: /srv/ops/.secrets
        google:
          mailbox: bookings@harbor-charters.example
          spreadsheet_id: 1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a
        aws:
          regions: [us-east-1, us-west-2]
          tables:
            - crew-dispatch
            - charter-chats
          instance_profile: true
        report:
          output_directory: /var/lib/drydock/reports
        scopes:
          bookings: [gmail.readonly]
          report: [gmail.readonly, spreadsheets.readonly]
        thresholds:
          clock_skew_warn_seconds: 20
        """

    func error(_ text: String) -> HostConfigurationError? {
        do {
            _ = try HostConfigurationLoader.parse(text: text, file: "/etc/drydock/config.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func everyKeyIsReadWithItsLine() throws {
        let config = try HostConfigurationLoader.parse(text: Self.sample, file: "/etc/drydock/config.yaml")
        #expect(config.secretsDirectory == ConfigValue("/srv/ops/.secrets", .file("/etc/drydock/config.yaml", line: 1)))
        #expect(config.mailbox.value == "bookings@harbor-charters.example")
        #expect(config.mailbox.origin.description == "file /etc/drydock/config.yaml:3")
        #expect(config.regions.value == ["us-east-1", "us-west-2"])
        #expect(config.tables.origin.description == "file /etc/drydock/config.yaml:8")
        #expect(config.reportOutputDirectory.value == "/var/lib/drydock/reports")
        #expect(config.scopes["bookings"]?.value == ["https://www.googleapis.com/auth/gmail.readonly"])
        #expect(config.scopes["sheets"]?.origin == .builtIn)
        #expect(config.clockSkewWarn.value == 20)
        #expect(config.clockSkewFail == ConfigValue(240))
    }

    @Test func bookingsFormatsIsAnAbsolutePath() throws {
        let config = try HostConfigurationLoader.parse(text: "bookings:\n  formats: /etc/drydock/formats.yaml\n", file: "c.yaml")
        #expect(config.bookingsFormats == ConfigValue("/etc/drydock/formats.yaml", .file("c.yaml", line: 2)))
        #expect(config.entries(environment: Environment([:])).contains { $0.key == "bookings.formats" && $0.value == "/etc/drydock/formats.yaml" })
        let relative = error("bookings:\n  formats: formats.yaml\n")
        #expect(relative?.description.hasPrefix("configuration: /etc/drydock/config.yaml:2:12: bookings.formats: expected an absolute path") == true)
    }

    @Test func jsonIsAccepted() throws {
        let config = try HostConfigurationLoader.parse(
            text: #"{"google": {"spreadsheet_id": "abc123"}, "aws": {"regions": ["eu-west-1"]}}"#, file: "c.json")
        #expect(config.spreadsheetID.value == "abc123")
        #expect(config.regions.value == ["eu-west-1"])
    }

    @Test func unknownKeyNamesKeyAndLine() {
        let problem = error("google:\n  mailbox: a@b.example\n  spreadsheet: x\n")
        #expect(problem?.underlying.code == .unknownKey)
        #expect(problem?.description == """
            configuration: /etc/drydock/config.yaml:3:3: google: unknown key "spreadsheet"; expected one of: mailbox, spreadsheet_id
            """)
        #expect(problem?.exitStatus == .configuration)
    }

    @Test func wrongTypeNamesKeyAndLine() {
        let problem = error("aws:\n  regions: us-east-1\n")
        #expect(problem?.underlying.code == .wrongType)
        #expect(problem?.description == "configuration: /etc/drydock/config.yaml:2:12: aws.regions: expected a list, found \"us-east-1\"")
        let threshold = error("thresholds:\n  clock_skew_fail_seconds: soon\n")
        #expect(threshold?.description == "configuration: /etc/drydock/config.yaml:2:28: thresholds.clock_skew_fail_seconds: expected a whole number, found \"soon\"")
        let flag = error("aws:\n  instance_profile: maybe\n")
        #expect(flag?.underlying.code == .wrongType)
        #expect(flag?.underlying.line == 2)
    }

    @Test func badValuesAreNamed() {
        #expect(error("aws:\n  regions: [us-east-1, Mars]\n")?.description
            == "configuration: /etc/drydock/config.yaml:2:24: aws.regions[1]: expected an AWS region such as us-east-1, found \"Mars\"")
        #expect(error("report:\n  output_directory: reports\n")?.underlying.message.contains("expected an absolute path") == true)
        #expect(error("scopes:\n  dispatch: [x]\n")?.underlying.code == .unknownKey)
        #expect(error("google: [\n")?.underlying.code == .syntax)
        #expect(error("thresholds:\n  clock_skew_warn_seconds: 300\n")?.underlying.message.contains("must not exceed clock_skew_fail_seconds") == true)
    }

    @Test func locationFollowsDrydockConfigThenXDGThenHome() {
        #expect(HostConfigurationLoader.location(in: Environment(["DRYDOCK_CONFIG": "/a.yaml", "XDG_CONFIG_HOME": "/x"])).path == "/a.yaml")
        #expect(HostConfigurationLoader.location(in: Environment(["XDG_CONFIG_HOME": "/x", "HOME": "/h"])).path == "/x/drydock/config.yaml")
        #expect(HostConfigurationLoader.location(in: Environment(["HOME": "/h/"])).path == "/h/.config/drydock/config.yaml")
    }

    @Test func missingDefaultFileMeansDefaultsButMissingExplicitFileIsAnError() throws {
        let scratch = try TemporaryDirectory("config")
        defer { scratch.remove() }
        let config = try HostConfigurationLoader.load(environment: Environment(["HOME": scratch.path]))
        #expect(config.file == nil)
        #expect(config.regions == ConfigValue(["us-east-1", "us-west-2"]))
        #expect(throws: HostConfigurationError.self) {
            try HostConfigurationLoader.load(environment: Environment(["DRYDOCK_CONFIG": scratch.appending("none.yaml")]))
        }
    }

    @Test func environmentWinsForTheSecretsDirectoryAndShowSaysSo() throws {
        let config = try HostConfigurationLoader.parse(text: Self.sample, file: "/etc/drydock/config.yaml")
        #expect(config.jobEnvironment(Environment(["HOME": "/h"]))["DRYDOCK_SECRETS_DIR"] == "/srv/ops/.secrets")
        #expect(config.jobEnvironment(Environment(["DRYDOCK_SECRETS_DIR": "/other"]))["DRYDOCK_SECRETS_DIR"] == "/other")
        let text = config.showText(environment: Environment(["DRYDOCK_SECRETS_DIR": "/other"]))
        #expect(text.contains("secrets_directory                  = /other    # environment DRYDOCK_SECRETS_DIR"))
        #expect(text.contains("aws.regions                        = [\"us-east-1\",\"us-west-2\"]    # file /etc/drydock/config.yaml:6"))
        #expect(text.contains("thresholds.clock_skew_fail_seconds = 240    # default"))
        let flagged = config.regions.overridden(by: ["eu-west-1"], flag: "--regions")
        #expect(flagged.origin.description == "flag --regions")
    }
}
