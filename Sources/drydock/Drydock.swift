import ArgumentParser
import Foundation

/// `drydock`: the jobs an ops host runs on Google and AWS, and the offline emulators that test them.
@main
struct Drydock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drydock",
        abstract: "Scheduled Gmail, Sheets and DynamoDB jobs with a token lifecycle that never fails silently.",
        discussion: """
            Exit codes: 0 success; 1 a check failed (backup verify: a damaged backup); 2 partial result; 64 usage; 67 OAuth client credentials rejected; \
            70 internal error; 75 transient failure after retries; 77 refresh token expired or revoked \
            (re-consent needed); 78 configuration or secrets problem.
            """,
        version: drydockVersion,
        subcommands: [DemoCommand.self, ReauthCommand.self, DiagCommand.self, BookingsCommand.self, SheetsCommand.self, DispatchCommand.self, InvalidateCommand.self, ReportCommand.self, BackupCommand.self, EmulatorsCommand.self, ExecCommand.self, ScenariosCommand.self, ValidateCommand.self, ReproduceCommand.self, ConfigCommand.self, PreflightCommand.self])

    /// ArgumentParser's `main`, with its own messages (usage errors that may echo an argument, help) printed
    /// through the same credential scrubbing as every other line.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if !message.isEmpty {
                if code == .success { printLine(message) } else { printError(message) }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
