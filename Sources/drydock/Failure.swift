import ArgumentParser
import DrydockCore
import DrydockCredentials
import Foundation

/// Runs a command body, turning any `UserFacingError` into its message on stderr and its documented
/// exit status, so every command fails the same way.
func runReportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as UserFacingError {
        printError("drydock: \(error.description)")
        throw ExitCode(error.exitStatus.rawValue)
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("drydock: internal error: \(error)")
        throw ExitCode(ExitStatus.software.rawValue)
    }
}

/// Scrubs every line the CLI prints: anything shaped like a credential (`ya29.…`, `1//…`, `GOCSPX-…`, AWS
/// session tokens and labelled secret keys, `Bearer …`) becomes `[redacted]`, wherever it came from — a
/// token endpoint's `error_description`, a DynamoDB message, a file path.
let outputRedactor = SecretRedactor()

/// Writes a line to standard error, scrubbed of credentials.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((outputRedactor.scrubMessage(line) + "\n").utf8))
}

/// Writes a line to standard output, scrubbed of credentials, and flushes, so lines interleave correctly
/// with stderr and reach a pipe before the process is killed.
func printLine(_ line: String) {
    printUnredacted(outputRedactor.scrubMessage(line))
}

/// Writes a line to standard output as is: only for output meant to carry a value, such as the `export`
/// lines of `emulators serve` (the control token).
func printUnredacted(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
