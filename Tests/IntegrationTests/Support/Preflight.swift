import DrydockConfig
import DrydockCore
import DrydockPreflight
import DrydockTesting
import Foundation
import Testing

/// Runs preflight in-process against a harness: a configuration file in the scratch directory naming the
/// sandbox's secrets, the fixture spreadsheet and a report directory; a trust store file of its own; a
/// cron environment whose account home is the sandbox's HOME.
struct PreflightRun {
    let harness: EmulatorHarness
    var configuration: String
    var options = PreflightOptions()
    var extraEnvironment: [String: String] = [:]
    /// The configuration file's mode after writing (nil: as written, 0644 under the usual umask).
    var configurationMode: mode_t?

    init(_ harness: EmulatorHarness, extraConfiguration: String = "") {
        self.harness = harness
        configuration = Self.configurationText(harness, extraConfiguration)
        options.trustStoreCandidates = [Self.trustStore(harness)]
        options.month = "2026-09"
    }

    /// A configuration naming the sandbox's secrets, the fixture mailbox and spreadsheet, and a report
    /// directory it creates in the scratch directory; `extra` lines appended.
    static func configurationText(_ harness: EmulatorHarness, _ extra: String = "") -> String {
        let reports = harness.scratch.appending("reports")
        try? FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        return """
            secrets_directory: \(harness.secretsDirectory)
            google:
              mailbox: bookings@harbor-charters.example
              spreadsheet_id: 1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a
            report:
              output_directory: \(reports)
            \(extra)
            """
    }

    /// A non-empty stand-in for a CA bundle (the emulators are plain HTTP: nothing is verified against it).
    static func trustStore(_ harness: EmulatorHarness) -> String {
        let bundle = harness.scratch.appending("ca-bundle.pem")
        FileManager.default.createFile(atPath: bundle, contents: Data("-----BEGIN CERTIFICATE-----\n".utf8))
        return bundle
    }

    var configurationPath: String { harness.scratch.appending("config.yaml") }

    var environment: Environment {
        var values = harness.environment.values
        values["DRYDOCK_CONFIG"] = configurationPath
        for (name, value) in extraEnvironment { values[name] = value }
        return Environment(values)
    }

    func run() throws -> PreflightReport {
        try configuration.write(toFile: configurationPath, atomically: true, encoding: .utf8)
        if let configurationMode { chmod(configurationPath, configurationMode) }
        let environment = environment
        let configuration = try HostConfigurationLoader.load(environment: environment)
        let cron = CronEnvironment.make(from: environment, account: .init(name: "ops", home: harness.scratch.path))
        let context = PreflightContext(
            configuration: configuration, environment: environment, cronEnvironment: cron, options: options, transport: harness.transport)
        let report = Preflight.run(context)
        // No secret in any rendering of the report.
        let secrets = harness.knownSecrets()
        secrets.expectAbsent(from: report.table(colour: false), "preflight table")
        secrets.expectAbsent(from: report.json.serialized(), "preflight JSON")
        secrets.expectAbsent(from: report.junit(strict: true), "preflight JUnit")
        return report
    }
}

extension PreflightReport {
    /// The one line for `check` and `subject` (subject "" for single-line checks).
    func line(_ check: String, _ subject: String = "") -> PreflightResult? {
        results.first { $0.check == check && $0.subject == subject }
    }

    var failures: [PreflightResult] { results.filter { $0.status == .fail } }
}
