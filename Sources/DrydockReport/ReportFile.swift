import DrydockCore
import Foundation

/// The report's output file, replaced atomically: the workbook is written to a temporary file in the
/// target's directory, given its mode, fsync'd, then renamed into place (or hard-linked, which fails if
/// the target appeared meanwhile, when overwriting is not allowed) and the directory fsync'd. On any
/// failure the temporary file is removed and the previous report is untouched.
public struct ReportFile: Sendable {
    public let path: String
    public let mode: mode_t
    public let overwrite: Bool

    public init(path: String, mode: mode_t = 0o644, overwrite: Bool = false) {
        self.path = path
        self.mode = mode
        self.overwrite = overwrite
    }

    public var directory: String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    var name: String { (path as NSString).lastPathComponent }

    /// Fails before any work when the target exists (without `overwrite`) or its directory is missing.
    public func checkTarget() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportFileError(.configuration, "the directory of \(path) does not exist")
        }
        if !overwrite, (try? POSIXFile.lstatus(path)) != nil {
            throw ReportFileError(.usage, "\(path) already exists; pass --force to replace it")
        }
    }

    /// Runs `produce` with a temporary path in the target directory, then puts that file in place.
    public func write(_ produce: (String) throws -> Void) throws {
        try checkTarget()
        let temporary = try createTemporary()
        var placed = false
        defer { if !placed { unlink(temporary) } }
        try produce(temporary)
        do {
            let fd = try POSIXFile.open(temporary, flags: O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            var open = true
            defer { if open { _ = Foundation.close(fd) } }
            _ = try systemCall("fchmod", path: temporary) { fchmod(fd, mode) }
            try POSIXFile.fsync(fd: fd, path: temporary)
            open = false
            try POSIXFile.close(fd: fd, path: temporary)
            if overwrite {
                _ = try systemCall("rename", path: path) { rename(temporary, path) }
                placed = true
            } else {
                do {
                    _ = try systemCall("link", path: path) { link(temporary, path) }
                } catch let error as SystemCallError where error.errno == EEXIST {
                    throw ReportFileError(.usage, "\(path) already exists; pass --force to replace it")
                }
                unlink(temporary)
                placed = true
            }
            try POSIXFile.syncDirectory(directory)
        } catch let error as ReportFileError {
            throw error
        } catch {
            throw ReportFileError(.configuration, "could not write \(path): \(error)")
        }
    }

    private func createTemporary() throws -> String {
        for _ in 0..<8 {
            let candidate = (directory as NSString).appendingPathComponent(".\(name).tmp-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))")
            do {
                let fd = try POSIXFile.open(candidate, flags: O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, mode: 0o600)
                try POSIXFile.close(fd: fd, path: candidate)
                return candidate
            } catch let error as SystemCallError where error.errno == EEXIST {
                continue
            } catch {
                throw ReportFileError(.configuration, "could not create a temporary file in \(directory): \(error)")
            }
        }
        throw ReportFileError(.configuration, "could not create a temporary file in \(directory) (8 names taken)")
    }
}

/// The output file could not be written (or would overwrite a report without --force).
public struct ReportFileError: UserFacingError, Sendable, Equatable {
    public let exitStatus: ExitStatus
    public let message: String
    public init(_ status: ExitStatus, _ message: String) {
        exitStatus = status
        self.message = message
    }
    public var description: String { message }
}
