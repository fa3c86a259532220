import DrydockCore
import Foundation

/// Files the certificate authority writes into the sandbox: replaced atomically (a temporary file created
/// exclusively, never through a symbolic link, then renamed over the name), with the mode given.
enum SandboxFiles {
    /// Creates `directory` (mode 0700, parents included) unless it exists; it must then be a directory.
    static func ensureDirectory(_ directory: String) throws(CertificateAuthorityError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CertificateAuthorityError(code: .fileSystem, message: "cannot use \(directory) for the sandbox CA: it is not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CertificateAuthorityError(code: .fileSystem, message: "cannot create the sandbox directory \(directory): \(error.localizedDescription)")
        }
    }

    /// Writes `bytes` to `path` with `mode` (exactly: the umask does not apply).
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(CertificateAuthorityError) {
        let temporary = path + ".tmp-" + String(getpid())
        do {
            unlink(temporary)
            let fd = try POSIXFile.open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode: mode)
            do {
                try systemCall("fchmod", path: temporary) { fchmod(fd, mode) }
                try POSIXFile.writeAll(fd: fd, path: temporary, bytes: bytes)
                try POSIXFile.close(fd: fd, path: temporary)
            } catch {
                _ = close(fd)
                throw error
            }
            try systemCall("rename", path: path) { rename(temporary, path) }
        } catch {
            unlink(temporary)
            throw CertificateAuthorityError(code: .fileSystem, message: "cannot write \(path): \(error)")
        }
    }

    /// The first readable, non-empty system trust bundle among `candidates`, as bytes (at most 8 MiB).
    static func systemBundle(from candidates: [String]) -> [UInt8] {
        for path in candidates {
            guard let data = FileManager.default.contents(atPath: path), !data.isEmpty, data.count <= 8 << 20 else { continue }
            var bytes = [UInt8](data)
            if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
            return bytes
        }
        return []
    }
}
