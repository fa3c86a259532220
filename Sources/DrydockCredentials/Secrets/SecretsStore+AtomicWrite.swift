import DrydockCore
import Foundation

/// Crash-safe replacement of a secret file.
extension SecretsStore {
    /// Temporary files older than this (by the file system's own clock) belong to a writer that died and
    /// are removed by the next successful write of the same file.
    static let staleTemporaryAge: Double = 60

    /// Replaces secret `name` with `bytes` so that a reader — or a crash at any instant — sees either the
    /// old file or the new one, never a partial one.
    ///
    /// Steps: validate the directory; create `.<name>.tmp-<pid>-<random>` in the same directory with
    /// `O_CREAT|O_EXCL|O_NOFOLLOW|O_WRONLY|O_CLOEXEC` and mode 0600 (forced with `fchmod`, whatever the
    /// umask); write every byte; `fsync`; `rename` over the target; `fsync` the directory so the rename
    /// itself is durable. On any failure the temporary file is removed and the target is untouched.
    ///
    /// A writer killed with SIGKILL cannot clean up and leaves at most one temporary file; each successful
    /// write sweeps temporaries of the same name older than a minute (a live writer finishes in far less).
    public func writeAtomically(_ bytes: [UInt8], to name: String) throws {
        try validateDirectory()
        let target = path(of: name)
        let prefix = ".\(name).tmp-"
        let (fd, temporary) = try createTemporary(prefix: prefix)
        var descriptor: Int32? = fd
        var renamed = false
        defer {
            if let descriptor { _ = close(descriptor) }
            if !renamed { _ = unlink(temporary) }
        }
        let createdAt: Double
        do {
            try systemCall("fchmod", path: temporary) { fchmod(fd, Self.fileMode) }
            try POSIXFile.writeAll(fd: fd, path: temporary, bytes: bytes)
            try POSIXFile.fsync(fd: fd, path: temporary)
            createdAt = try POSIXFile.status(fd: fd, path: temporary).modified
            descriptor = nil
            try POSIXFile.close(fd: fd, path: temporary)
            try systemCall("rename", path: target) { rename(temporary, target) }
            renamed = true
        } catch {
            throw CredentialError.fileSystem("write \(target)", error, path: target)
        }
        do {
            try syncDirectory()
        } catch {
            throw CredentialError.fileSystem(
                "make the new \(target) durable (it is in place, but may not survive a power loss)", error,
                path: directory)
        }
        sweepStaleTemporaries(prefix: prefix, now: createdAt)
    }

    /// Creates a new, empty temporary file; retries with a fresh name if one already exists.
    private func createTemporary(prefix: String) throws -> (Int32, String) {
        var lastError: Error?
        for _ in 0..<8 {
            let suffix = String(random(), radix: 16)
            let temporary = path(of: "\(prefix)\(getpid())-\(suffix)")
            do {
                let fd = try POSIXFile.open(
                    temporary, flags: O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, mode: Self.fileMode)
                return (fd, temporary)
            } catch let error as SystemCallError where error.errno == EEXIST {
                lastError = error
            } catch {
                throw CredentialError.fileSystem("create a temporary file in \(directory)", error, path: directory)
            }
        }
        throw CredentialError.fileSystem(
            "create a temporary file in \(directory) (8 random names were taken)", lastError!, path: directory)
    }

    /// `fsync` on the directory, so a completed rename survives a crash. File systems that cannot sync a
    /// directory (`EINVAL`) already make renames durable another way.
    private func syncDirectory() throws { try POSIXFile.syncDirectory(directory) }

    /// Removes `prefix*` regular files whose modification time is more than a minute before `now` (a time
    /// read from the file system, so it compares with file times whatever clock the caller injected).
    private func sweepStaleTemporaries(prefix: String, now: Double) {
        guard let names = try? POSIXFile.names(in: directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            let path = path(of: name)
            guard let status = try? POSIXFile.lstatus(path), status.kind == .regular,
                  now - status.modified > Self.staleTemporaryAge else { continue }
            _ = unlink(path)
        }
    }
}
