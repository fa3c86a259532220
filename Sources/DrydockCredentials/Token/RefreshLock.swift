import DrydockCore
import Foundation

/// The cross-process half of single flight: an exclusive `flock` on `.google_token.lock` in the secrets
/// directory, held while one process refreshes and writes the token.
///
/// Waiting polls with `LOCK_NB` and short clock sleeps rather than blocking in `flock`, so the wait counts
/// against the refresh deadline and a stuck holder turns into a clear, transient error. Each acquisition
/// opens its own descriptor, so two threads of one process exclude each other too. The lock file is never
/// deleted: unlinking a lock file lets two processes lock different inodes.
enum RefreshLock {
    /// Runs `body` holding the lock; throws ``CredentialError/Code/lockTimeout`` when the lock is still
    /// held by someone else at `deadline`.
    static func withLock<T>(
        store: SecretsStore, clock: any WallClock, deadline: Date, pollInterval: Double, _ body: () throws -> T
    ) throws -> T {
        try store.validateDirectory()
        let path = store.path(of: SecretsStore.lockFile)
        let fd = try open(path, store: store)
        defer { _ = close(fd) }  // closing the descriptor releases the lock
        let start = clock.now()
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { break }
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else {
                throw CredentialError.fileSystem("lock \(path)", SystemCallError(call: "flock", path: path, errno: code), path: path)
            }
            let now = clock.now()
            guard now.addingTimeInterval(pollInterval) < deadline else {
                throw CredentialError.lockTimeout(path: path, waited: now.timeIntervalSince(start))
            }
            clock.sleep(seconds: pollInterval)
        }
        return try body()
    }

    /// Opens (creating with mode 0600 if needed) the lock file, refusing links and files that fail the
    /// secret checks.
    private static func open(_ path: String, store: SecretsStore) throws -> Int32 {
        let fd: Int32
        do {
            do {
                fd = try POSIXFile.open(path, flags: O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode: SecretsStore.fileMode)
                // The umask may have taken bits away; the checks below want exactly 0600.
                _ = fchmod(fd, SecretsStore.fileMode)
            } catch let error as SystemCallError where error.errno == EEXIST {
                fd = try POSIXFile.open(path, flags: O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
            }
        } catch let error as SystemCallError where error.errno == ELOOP {
            throw CredentialError.symbolicLink(path)
        } catch {
            throw CredentialError.fileSystem("open the lock file", error, path: path)
        }
        do {
            try store.validateSecret(try POSIXFile.status(fd: fd, path: path), path: path)
        } catch {
            _ = close(fd)
            throw (error as? CredentialError) ?? CredentialError.fileSystem("inspect the lock file", error, path: path)
        }
        return fd
    }
}
