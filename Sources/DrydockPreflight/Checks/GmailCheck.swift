import DrydockCore
import DrydockJobs
import DrydockCredentials
import DrydockServices

/// Gmail answers `users.getProfile` for the configured mailbox.
struct GmailCheck: PreflightCheck {
    let name = "gmail"
    let summary = "Gmail getProfile for the configured mailbox"

    func run(_ context: PreflightContext) -> [PreflightResult] {
        guard context.secretsUsable, case .success(let session) = context.session else {
            return [PreflightResult(name, "", .skipped, "the secrets are not usable (see the secrets check)")]
        }
        let mailbox = context.configuration.mailbox.value ?? "me"
        let gmail = session.gmail(userID: mailbox, retry: PreflightContext.apiRetry)
        do {
            let profile = try gmail.profile()
            if mailbox != "me", profile.emailAddress.lowercased() != mailbox.lowercased() {
                return [PreflightResult(name, mailbox, .fail, "the token belongs to \(profile.emailAddress), not \(mailbox)",
                                        fix: "consent as \(mailbox), or correct google.mailbox in the configuration")]
            }
            return [PreflightResult(name, mailbox, .pass,
                                    "getProfile: \(profile.emailAddress), \(profile.messagesTotal) messages")]
        } catch let error as GoogleServiceError where error.httpStatus == 403 && error.message.hasPrefix("Delegation denied") {
            // Gmail's answer when userId names a mailbox other than the token's account.
            return [PreflightResult(name, mailbox, .fail, "getProfile failed: \(error)",
                                    fix: "the token belongs to another account: consent as \(mailbox), or correct google.mailbox in the configuration")]
        } catch {
            return [PreflightResult(name, mailbox, .fail, "getProfile failed: \(error)", fix: GoogleFix.fix(for: error))]
        }
    }
}

/// The fix for a failed Google API call.
enum GoogleFix {
    static func fix(for error: any Error) -> String {
        if let error = error as? GoogleServiceError {
            switch error.httpStatus {
            case 401: return "run `drydock reauth --force`; if it persists, re-consent"
            case 403: return "the account lacks access or a scope: check the scopes check, and that the account can open the resource"
            case 404: return "check the configured id/mailbox; the resource does not exist or is not shared with the account"
            case 429, 500, 502, 503: return "transient: run preflight again later"
            default: break
            }
        }
        if let error = error as? CredentialError { return RefreshCheck.fix(for: error.code) }
        return "check the host's network and the endpoint settings"
    }
}
