import DrydockCore
import Foundation

/// The secrets-directory failures, each with the command that fixes it.
extension CredentialError {
    static func secretsDirectoryUnknown() -> CredentialError {
        CredentialError(
            code: .secretsDirectoryUnknown,
            message: "no secrets directory: neither DRYDOCK_SECRETS_DIR nor HOME is set. Set DRYDOCK_SECRETS_DIR "
                + "to the directory (mode 0700) that holds \(SecretsStore.refreshTokenFile).")
    }

    static func secretsDirectoryMissing(_ path: String) -> CredentialError {
        CredentialError(
            code: .secretsDirectoryMissing,
            message: "secrets directory \(path) does not exist. Create it with `mkdir -m 700 \(ShellQuoting.quote(path))` "
                + "and store \(SecretsStore.refreshTokenFile) in it, or set DRYDOCK_SECRETS_DIR to the right directory.",
            path: path)
    }

    static func notADirectory(_ path: String, kind: String) -> CredentialError {
        let quoted = ShellQuoting.quote(path)
        return CredentialError(
            code: .wrongFileType,
            message: "secrets directory \(path) is \(kind), not a directory. Move it aside and create the directory: "
                + "`mv \(quoted) \(ShellQuoting.quote(path + ".bak")) && mkdir -m 700 \(quoted)`.",
            path: path)
    }

    static func insecureMode(_ path: String, found: mode_t, wanted: mode_t, isDirectory: Bool) -> CredentialError {
        let what = isDirectory ? "secrets directory" : "secret file"
        let why = isDirectory ? "so no other user can list or enter it" : "so no other user can read or change it"
        return CredentialError(
            code: .insecureMode,
            message: "\(what) \(path) has mode \(octal(found)); it must be \(octal(wanted)) \(why). "
                + "Fix: `chmod \(String(wanted, radix: 8)) \(ShellQuoting.quote(path))`.",
            path: path)
    }

    static func wrongOwner(_ path: String, found: uid_t, wanted: uid_t, isDirectory: Bool) -> CredentialError {
        let what = isDirectory ? "secrets directory" : "secret file"
        let wantedName = userName(wanted)
        let asRoot = geteuid() == 0 ? "" : " (as root, e.g. with sudo)"
        return CredentialError(
            code: .wrongOwner,
            message: "\(what) \(path) is owned by \(describeUser(found)), not by \(describeUser(wanted)) that runs "
                + "drydock. Fix\(asRoot): `chown \(wantedName ?? String(wanted)) \(ShellQuoting.quote(path))`.",
            path: path)
    }

    static func symbolicLink(_ path: String) -> CredentialError {
        let quoted = ShellQuoting.quote(path)
        return CredentialError(
            code: .wrongFileType,
            message: "secret file \(path) is a symbolic link; secrets must be regular files so a link cannot redirect "
                + "reads or writes elsewhere. Replace the link with the file it points to: "
                + "`cp --remove-destination \"$(readlink -f \(quoted))\" \(quoted) && chmod 600 \(quoted)`.",
            path: path)
    }

    static func notARegularFile(_ path: String, kind: String) -> CredentialError {
        CredentialError(
            code: .wrongFileType,
            message: "secret file \(path) is \(kind), not a regular file. Move it aside "
                + "(`mv \(ShellQuoting.quote(path)) \(ShellQuoting.quote(path + ".bak"))`) and store the secret as a "
                + "regular file with mode 0600.",
            path: path)
    }

    static func secretMissing(_ path: String, hint: String) -> CredentialError {
        CredentialError(code: .secretMissing, message: "secret file \(path) does not exist. \(hint)", path: path)
    }

    static func invalidJSON(_ path: String, _ error: JSONParseError, expected: String) -> CredentialError {
        CredentialError(
            code: .invalidSecret,
            message: "secret file \(path) is not valid JSON: \(error.description). Fix the file; it must hold "
                + "\(expected).",
            path: path)
    }

    static func invalidContents(_ path: String, _ problem: String, expected: String) -> CredentialError {
        CredentialError(
            code: .invalidSecret,
            message: "secret file \(path) \(problem). Fix the file; it must hold \(expected).",
            path: path)
    }

    static func fileTooLarge(_ path: String, limit: Int) -> CredentialError {
        CredentialError(
            code: .invalidSecret,
            message: "secret file \(path) is larger than \(limit) bytes, far more than any secret; check what was "
                + "stored there.",
            path: path)
    }

    static func fileSystem(_ what: String, _ error: Error, path: String) -> CredentialError {
        CredentialError(
            code: .fileSystem,
            message: "could not \(what): \(error). Check the disk and the permissions of \(path), then run again.",
            path: path)
    }
}

/// `uid 1001 (bob)`, or `uid 1001` when the account has no name.
func describeUser(_ uid: uid_t) -> String {
    if let name = userName(uid) { return "uid \(uid) (\(name))" }
    return "uid \(uid)"
}

/// The login name of `uid`, from the password database.
func userName(_ uid: uid_t) -> String? {
    var entry = passwd()
    var result: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 4096)
    let status = getpwuid_r(uid, &entry, &buffer, buffer.count, &result)
    guard status == 0, let found = result, let name = found.pointee.pw_name else { return nil }
    return String(cString: name)
}
