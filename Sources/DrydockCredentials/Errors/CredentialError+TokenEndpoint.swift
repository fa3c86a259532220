import DrydockCore
import DrydockHTTP
import Foundation

/// Token-endpoint failures. Each says what Google (or the endpoint) answered, what it means, and what to do;
/// none quotes the refresh token, client secret or access token.
extension CredentialError {
    static let cacheUntouched = "The cached token was left as it was."

    static func refreshTokenRejected(url: String, status: Int, detail: String, file: String) -> CredentialError {
        return CredentialError(
            code: .refreshTokenRejected,
            message: "Google rejected the refresh token: \(url) answered HTTP \(status) (\(detail)). The refresh token "
                + "has expired or been revoked. Likely causes: the OAuth app's publishing status is \"Testing\", which "
                + "limits refresh tokens to 7 days; the token was not used for 6 months; the user revoked Drydock's "
                + "access; the client has more than 100 live refresh tokens for the account, so the oldest was "
                + "invalidated; the account's password was changed (tokens with Gmail scopes are revoked). "
                + "To fix: run the OAuth consent flow again and store the new refresh token in \(file) as "
                + #"{"refresh_token": "…"} (mode 0600). "# + cacheUntouched,
            path: file)
    }

    static func clientRejected(url: String, status: Int, detail: String, file: String) -> CredentialError {
        return CredentialError(
            code: .clientRejected,
            message: "Google rejected the OAuth client credentials: \(url) answered HTTP \(status) (\(detail)). The "
                + "client id or secret is wrong, or the client was deleted or is not allowed this grant. Check "
                + "\(file) (or GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, which win when both are set) against the "
                + "client in the Google Cloud console (APIs & Services → Credentials); the refresh token must have "
                + "been issued to that same client. " + cacheUntouched,
            path: file)
    }

    static func tokenRequestRejected(
        url: String, status: Int, contentType: String, detail: String?, bodyProblem: String?
    ) -> CredentialError {
        let answer = detail.map { "HTTP \(status) (\($0))" }
            ?? "HTTP \(status) with \(contentType) and \(bodyProblem ?? "no OAuth error") — not an OAuth error response"
        return CredentialError(
            code: .tokenRequestRejected,
            message: "the token endpoint \(url) refused the refresh request: it answered \(answer). Check that "
                + "GOOGLE_OAUTH_TOKEN_URI (default \(TokenRefresher.Configuration.defaultTokenURI)) or the client's "
                + "token_uri is Google's token endpoint, and that the client credentials and refresh token files are "
                + "complete. " + cacheUntouched)
    }

    static func invalidTokenResponse(url: String, status: Int, contentType: String, problem: String) -> CredentialError {
        CredentialError(
            code: .invalidTokenResponse,
            message: "the token endpoint \(url) answered HTTP \(status) (\(contentType)) without a usable token: its "
                + "body has \(problem). " + cacheUntouched + " Something between this host and Google (a proxy or "
                + "captive portal), or a wrong GOOGLE_OAUTH_TOKEN_URI, may be answering instead; try again later and "
                + "check the URL if it persists.")
    }

    static func tokenEndpointUnavailable(
        url: String, attempts: Int, elapsed: Double, deadline: Double, last: String, reason: String? = nil
    ) -> CredentialError {
        CredentialError(
            code: .tokenEndpointUnavailable,
            message: "the token endpoint \(url) gave no token within the \(seconds(deadline)) refresh deadline: "
                + "\(attempts) attempt\(attempts == 1 ? "" : "s") over \(seconds(elapsed)), the last \(last)"
                + (reason.map { "; \($0)" } ?? "") + ". " + cacheUntouched
                + " This is usually temporary: run again later. If it persists, check this host's network access to "
                + "the endpoint and Google's status dashboard.")
    }

    static func tokenEndpointUnreachable(url: String, error: HTTPClientError, redactor: SecretRedactor) -> CredentialError {
        CredentialError(
            code: .tokenEndpointUnreachable,
            message: "could not reach the token endpoint \(url): \(redactor.scrub(error.message)) (\(error.code)). "
                + "Check GOOGLE_OAUTH_TOKEN_URI, DNS and TLS settings on this host. " + cacheUntouched)
    }

    static func lockTimeout(path: String, waited: Double) -> CredentialError {
        let quoted = ShellQuoting.quote(path)
        return CredentialError(
            code: .lockTimeout,
            message: "another process held the token refresh lock \(path) for \(seconds(waited)), until this "
                + "refresh's deadline, so this process gave up waiting. The holder is probably retrying a slow token "
                + "endpoint: run again later. If it persists, find the holder with `fuser -v \(quoted)`.",
            path: path)
    }

    /// `12.5 s`.
    public static func seconds(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) s" : "\(rounded) s"
    }
}
