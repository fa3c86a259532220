import DrydockCore
import DrydockJobs
import DrydockCredentials
import Foundation

/// The secrets directory and files: owner, modes, no symlinks, parents not writable by others, JSON
/// valid, OAuth client credentials present (file or environment). The store's own checks, so preflight
/// and the jobs agree on what is wrong.
struct SecretsCheck: PreflightCheck {
    let name = "secrets"
    let summary = "secrets directory and files: owner, modes, symlinks, parent directories, JSON, client credentials"

    func run(_ context: PreflightContext) -> [PreflightResult] {
        let session: GoogleSession
        switch context.session {
        case .success(let value): session = value
        case .failure(let error as CredentialError):
            context.secretsUsable = false
            return [PreflightResult(name, "secrets directory", .fail, error.message, fix: Self.fix(for: error.code))]
        case .failure(let error):
            // A job setting in the environment (DRYDOCK_*_SECONDS) that the jobs would refuse too.
            context.secretsUsable = false
            return [PreflightResult(name, "settings", .fail, "\(error)", fix: "correct or unset the variable the message names")]
        }
        let checks = session.store.checkSecrets(environment: context.environment)
        context.secretsUsable = checks.allSatisfy(\.isOK)
        var results = checks.map { check in
            guard let problem = check.problem else { return PreflightResult(name, check.name, .pass, check.location) }
            return PreflightResult(name, check.name, .fail, problem.message, fix: Self.fix(for: problem.code))
        }
        if let file = context.configuration.file { results.append(configurationFile(file)) }
        return results
    }

    /// The configuration names the secrets directory: whoever can rewrite it can point the jobs at their own.
    func configurationFile(_ path: String) -> PreflightResult {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return PreflightResult(name, "configuration file", .fail, "\(path): \(String(cString: strerror(errno)))", fix: "check the file's path and permissions")
        }
        let mode = info.st_mode & 0o7777
        guard mode & 0o022 == 0 else {
            return PreflightResult(name, "configuration file", .fail,
                                   "\(path) has mode \(String(mode, radix: 8)): writable by others, who could point the jobs at their own secrets directory",
                                   fix: "chmod go-w \(path)")
        }
        guard info.st_uid == 0 || info.st_uid == getuid() else {
            return PreflightResult(name, "configuration file", .fail, "\(path) is owned by uid \(info.st_uid), neither root nor this user",
                                   fix: "chown root (or the job's user) \(path)")
        }
        return PreflightResult(name, "configuration file", .pass, "\(path) (mode \(String(mode, radix: 8)))")
    }

    static func fix(for code: CredentialError.Code?) -> String {
        switch code {
        case .secretsDirectoryUnknown?: "set secrets_directory in the configuration file (or DRYDOCK_SECRETS_DIR, or HOME)"
        case .secretsDirectoryMissing?: "create it: install -d -m 700 DIR, then copy refresh_token.json and gmail_credentials.json (mode 600) into it"
        case .insecureMode?: "chmod 700 the secrets directory and chmod 600 every file in it"
        case .wrongOwner?: "chown the directory and its files to the user the cron jobs run as"
        case .insecureParent?: "remove write permission for group and others on every parent directory (chmod go-w)"
        case .wrongFileType?: "replace the symbolic link or special file with a regular file (mode 600) owned by the job's user"
        case .secretMissing?: "copy the missing file into the secrets directory (mode 600), or set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET for the client"
        case .invalidSecret?: "rewrite the file from the original download (see README \"Secrets directory\" for the expected JSON)"
        default: "see README \"Secrets directory\""
        }
    }
}
