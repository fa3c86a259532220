import DrydockCore
import Foundation

/// The directories above the secrets directory, checked the way ssh's StrictModes checks the path to
/// `authorized_keys`: whoever can rename entries in any of them can swap the secrets directory for one of
/// their own, so every one must be owned by root or ``owner`` and not writable by group or others (unless
/// it has the sticky bit, as /tmp does: then others cannot rename what they do not own).
///
/// When the secrets directory is a symbolic link, both chains are checked: the directories above the link
/// (which could replace the link) and those above its target (which could replace the target).
extension SecretsStore {
    /// Checks every directory above ``directory`` up to `/`, as written and as resolved.
    func validateParents() throws {
        var checked = Set<String>()
        let absolute = Self.absolute(directory)
        var chains = [Self.ancestors(of: absolute)]
        if let resolved = Self.resolved(absolute), resolved != absolute { chains.append(Self.ancestors(of: resolved)) }
        for chain in chains {
            for parent in chain where checked.insert(parent).inserted {
                try validateParent(parent)
            }
        }
    }

    private func validateParent(_ parent: String) throws {
        let status: POSIXFile.Status
        do {
            status = try POSIXFile.status(parent)
        } catch {
            throw CredentialError.fileSystem("inspect \(parent), a directory above the secrets directory", error, path: parent)
        }
        guard status.owner == 0 || status.owner == owner else {
            throw CredentialError.parentWrongOwner(parent, secretsDirectory: directory, found: status.owner, wanted: owner)
        }
        let writableByOthers = status.permissions & 0o022 != 0
        let sticky = status.permissions & 0o1000 != 0
        guard !writableByOthers || sticky else {
            throw CredentialError.parentWritable(parent, secretsDirectory: directory, mode: status.permissions)
        }
    }

    /// `path` made absolute against the working directory (lexically; `..` is left for the kernel).
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let working = FileManager.default.currentDirectoryPath
        return (working.hasSuffix("/") ? working : working + "/") + path
    }

    /// Every proper prefix of the absolute `path` that names a directory, nearest first, ending with `/`:
    /// `/home/ana/.secrets` → `/home/ana`, `/home`, `/`.
    static func ancestors(of path: String) -> [String] {
        var components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var result: [String] = []
        while !components.isEmpty {
            components.removeLast()
            result.append("/" + components.joined(separator: "/"))
        }
        return result
    }

    /// `realpath(path)`: every symbolic link resolved; nil when it cannot be (the caller's checks of the
    /// directory itself report why).
    static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

extension CredentialError {
    static func parentWritable(_ parent: String, secretsDirectory: String, mode: mode_t) -> CredentialError {
        let quoted = ShellQuoting.quote(parent)
        return CredentialError(
            code: .insecureParent,
            message: "secrets directory \(secretsDirectory) is below \(parent), which has mode \(octal(mode)): other users can "
                + "rename entries in it and so replace the secrets directory (ssh refuses the same, as StrictModes). Fix: "
                + "`chmod go-w \(quoted)` (or `chmod +t \(quoted)` for a shared directory like /tmp), or move the secrets "
                + "directory elsewhere and set DRYDOCK_SECRETS_DIR.",
            path: parent)
    }

    static func parentWrongOwner(_ parent: String, secretsDirectory: String, found: uid_t, wanted: uid_t) -> CredentialError {
        CredentialError(
            code: .insecureParent,
            message: "secrets directory \(secretsDirectory) is below \(parent), which is owned by \(describeUser(found)), "
                + "neither root nor \(describeUser(wanted)) that runs drydock: that user can replace the secrets directory. "
                + "Fix: move the secrets directory under a directory you own and set DRYDOCK_SECRETS_DIR, or (as root) "
                + "`chown root \(ShellQuoting.quote(parent))`.",
            path: parent)
    }
}
