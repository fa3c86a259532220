import DrydockCore
import DrydockJobs
import DrydockCredentials

/// A live refresh through the jobs' single-flight path (file lock, re-read, token endpoint), so a
/// revoked refresh token is found before cron meets it. Skipped with `--no-refresh`.
struct RefreshCheck: PreflightCheck {
    let name = "refresh"
    let summary = "a live token refresh through the single-flight path (skipped with --no-refresh)"

    func run(_ context: PreflightContext) -> [PreflightResult] {
        guard context.options.refresh else { return [PreflightResult(name, "", .skipped, "--no-refresh")] }
        guard context.secretsUsable, case .success(let session) = context.session else {
            return [PreflightResult(name, "", .skipped, "the secrets are not usable (see the secrets check)")]
        }
        do {
            let outcome = try session.refresher.refresh(rejecting: nil, force: true)
            context.accessToken = outcome.token
            let expiresIn = Int(outcome.token.expiresIn(at: context.clock.now()))
            return [PreflightResult(name, "", .pass, "the token endpoint issued a token that expires in \(expiresIn) s")]
        } catch let error as CredentialError {
            return [PreflightResult(name, "", .fail, error.message, fix: Self.fix(for: error.code))]
        } catch {
            return [PreflightResult(name, "", .fail, "\(error)", fix: "see README \"How refresh works\"")]
        }
    }

    static func fix(for code: CredentialError.Code) -> String {
        switch code {
        case .refreshTokenRejected:
            "the refresh token was revoked or expired: run the consent flow again for the mailbox, replace refresh_token.json, then `drydock reauth`"
        case .clientRejected:
            "the OAuth client was deleted or its secret rotated: download the client's JSON again into gmail_credentials.json"
        case .tokenEndpointUnavailable, .invalidTokenResponse, .lockTimeout:
            "transient: run preflight again; if it persists, check Google's status page and the host's network"
        case .tokenEndpointUnreachable:
            "the host cannot reach the token endpoint: check DNS, the firewall and any proxy (GOOGLE_OAUTH_TOKEN_URI if set)"
        default:
            SecretsCheck.fix(for: code)
        }
    }
}
