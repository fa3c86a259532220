import ArgumentParser
import DrydockCore
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

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes a line to standard output and flushes, so lines interleave correctly with stderr and
/// reach a pipe before the process is killed.
func printLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
