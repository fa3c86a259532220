import DrydockCore
import Foundation

/// Ownership, mode and file-type checks, run before every read and write.
extension SecretsStore {
    static let directoryMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600

    /// Checks that the directory exists, is a directory owned by ``owner``, and has mode 0700, and that no
    /// directory above it, up to `/`, lets another user replace it (``validateParents()``: owned by root or
    /// ``owner``, not writable by group or others unless sticky).
    ///
    /// The directory path itself may be a symbolic link (to an encrypted volume, say): it is followed only
    /// when its target passes every check — owner, mode, and the directories above both the link and the
    /// target. The files inside may not be links.
    public func validateDirectory() throws {
        let status: POSIXFile.Status
        do {
            status = try POSIXFile.status(directory)
        } catch let error as SystemCallError where error.errno == ENOENT {
            throw CredentialError.secretsDirectoryMissing(directory)
        } catch {
            throw CredentialError.fileSystem("inspect the secrets directory", error, path: directory)
        }
        guard status.kind == .directory else {
            throw CredentialError.notADirectory(directory, kind: Self.describe(status.kind))
        }
        guard status.owner == owner else {
            throw CredentialError.wrongOwner(directory, found: status.owner, wanted: owner, isDirectory: true)
        }
        guard status.permissions == Self.directoryMode else {
            throw CredentialError.insecureMode(
                directory, found: status.permissions, wanted: Self.directoryMode, isDirectory: true)
        }
        try validateParents()
    }

    /// Checks what `fstat` says about an open secret: a regular file owned by ``owner`` with mode 0600.
    func validateSecret(_ status: POSIXFile.Status, path: String) throws {
        switch status.kind {
        case .regular: break
        case .symlink: throw CredentialError.symbolicLink(path)
        default: throw CredentialError.notARegularFile(path, kind: Self.describe(status.kind))
        }
        guard status.owner == owner else {
            throw CredentialError.wrongOwner(path, found: status.owner, wanted: owner, isDirectory: false)
        }
        guard status.permissions == Self.fileMode else {
            throw CredentialError.insecureMode(path, found: status.permissions, wanted: Self.fileMode, isDirectory: false)
        }
    }

    /// Validates the secret `name` without reading it: nil when it does not exist.
    func validateSecretIfPresent(_ name: String) throws -> POSIXFile.Status? {
        let path = path(of: name)
        do {
            let status = try POSIXFile.lstatus(path)
            try validateSecret(status, path: path)
            return status
        } catch let error as SystemCallError where error.errno == ENOENT {
            return nil
        } catch let error as SystemCallError {
            throw CredentialError.fileSystem("inspect \(path)", error, path: path)
        }
    }

    static func describe(_ kind: POSIXFile.Status.Kind) -> String {
        switch kind {
        case .regular: "a regular file"
        case .directory: "a directory"
        case .symlink: "a symbolic link"
        case .other(let text): text
        }
    }
}
