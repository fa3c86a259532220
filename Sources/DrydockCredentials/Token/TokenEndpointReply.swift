import DrydockCore
import DrydockHTTP
import Foundation

/// What a token endpoint's answer means, decided before anything is written.
enum TokenEndpointReply {
    /// A complete, valid token response.
    case granted(TokenGrant)
    /// Worth retrying (5xx, 429, 408): a redacted summary of the answer, and the server's `Retry-After`.
    case retry(summary: String, retryAfter: String?)
    /// A final answer: the error to throw.
    case failed(CredentialError)

    /// Statuses that mean "try again later".
    static func isTransient(status: Int) -> Bool { status >= 500 || status == 429 || status == 408 }

    /// Classifies `response` to the request sent to `url`. `redactor` scrubs server text.
    static func classify(
        _ response: HTTPResponse, url: String, store: SecretsStore, redactor: SecretRedactor
    ) -> TokenEndpointReply {
        let status = response.status
        let contentType = response.headers["Content-Type"] ?? "no Content-Type"
        if (200..<300).contains(status) {
            switch TokenGrant.validate(response, redactor: redactor) {
            case .success(let grant): return .granted(grant)
            case .failure(let problem):
                return .failed(.invalidTokenResponse(
                    url: url, status: status, contentType: contentType, problem: problem.text))
            }
        }
        let oauthError = OAuthErrorBody(response, redactor: redactor)
        if isTransient(status: status) {
            return .retry(
                summary: "HTTP \(status) (\(contentType)\(oauthError.map { ": \($0.summary)" } ?? ""))",
                retryAfter: response.headers["Retry-After"])
        }
        switch oauthError?.error {
        case "invalid_grant":
            return .failed(.refreshTokenRejected(
                url: url, status: status, detail: oauthError!.summary, file: store.path(of: SecretsStore.refreshTokenFile)))
        case "invalid_client", "unauthorized_client":
            return .failed(.clientRejected(
                url: url, status: status, detail: oauthError!.summary, file: store.path(of: SecretsStore.clientCredentialsFile)))
        default:
            return .failed(.tokenRequestRejected(
                url: url, status: status, contentType: contentType, detail: oauthError?.summary,
                bodyProblem: oauthError == nil ? describeBody(response) : nil))
        }
    }

    /// Why a body is not an OAuth error object: `not JSON (line 1, column 1: …)` or `empty`.
    static func describeBody(_ response: HTTPResponse) -> String {
        if response.body.isEmpty { return "an empty body" }
        do {
            let json = try JSONValue.parse(response.body)
            return "a JSON \(json.typeName) without an \"error\" member"
        } catch {
            return "a \(response.body.count)-byte body that is not JSON (\(error.description))"
        }
    }
}

/// An OAuth 2.0 error response (RFC 6749 §5.2): `{"error": "invalid_grant", "error_description": "…"}`.
struct OAuthErrorBody {
    let error: String
    let errorDescription: String?

    /// Nil when the body is not a JSON object with a string `error`.
    init?(_ response: HTTPResponse, redactor: SecretRedactor) {
        guard let json = try? JSONValue.parse(response.body), let error = json["error"]?.stringValue else { return nil }
        self.error = redactor.scrub(error, limit: 64)
        self.errorDescription = json["error_description"]?.stringValue.map { redactor.scrub($0) }
    }

    /// `invalid_grant: Token has been expired or revoked.`
    var summary: String { errorDescription.map { "\(error): \($0)" } ?? error }
}

/// The parts of a successful token response Drydock keeps.
struct TokenGrant: Sendable {
    let accessToken: String
    /// Seconds of validity from when the response arrived.
    let expiresIn: Double
    let scope: String?

    /// The longest lifetime accepted; Google issues one hour. Guards date arithmetic against absurd values.
    static let maximumLifetime: Double = 366 * 86_400

    /// Checks every member the cache needs: a JSON object with a non-empty string `access_token`, a
    /// positive `expires_in` (number or numeric string) and a `token_type` of `Bearer` (any case).
    static func validate(_ response: HTTPResponse, redactor: SecretRedactor) -> Result<TokenGrant, ContentProblem> {
        let json: JSONValue
        do {
            json = try JSONValue.parse(response.body)
        } catch {
            let size = response.body.isEmpty ? "an empty body" : "a \(response.body.count)-byte body"
            return .failure(.init("\(size) that is not valid JSON (\(error.description))"))
        }
        guard json.objectValue != nil else { return .failure(.init("a JSON \(json.typeName), not an object")) }
        guard let token = json["access_token"] else { return .failure(.init(#"no "access_token""#)) }
        guard let accessToken = token.stringValue, !accessToken.isEmpty else {
            return .failure(.init(#"an "access_token" that is "# + (token.stringValue == nil ? "a \(token.typeName)" : "empty")
                + ", not a non-empty string"))
        }
        guard let expiry = json["expires_in"] else { return .failure(.init(#"no "expires_in""#)) }
        let seconds: Double?
        switch expiry {
        case .number(let text): seconds = Double(text)
        case .string(let text): seconds = Double(text.trimmingCharacters(in: .whitespaces))
        default: seconds = nil
        }
        guard let seconds, seconds.isFinite else {
            return .failure(.init(#"an "expires_in" that is a \#(expiry.typeName), not a number of seconds"#))
        }
        guard seconds > 0, seconds <= maximumLifetime else {
            let shown = seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int(seconds)) : String(seconds)
            return .failure(.init(#"an "expires_in" of \#(shown) seconds; it must be positive and at most a year"#))
        }
        guard let type = json["token_type"] else { return .failure(.init(#"no "token_type""#)) }
        guard let typeName = type.stringValue, typeName.lowercased() == "bearer" else {
            let scrubber = SecretRedactor(secrets: redactor.secrets + [accessToken])
            let found = type.stringValue.map { "\"\(scrubber.scrub($0, limit: 32))\"" } ?? "a \(type.typeName)"
            return .failure(.init(#"a "token_type" of \#(found), not "Bearer""#))
        }
        return .success(TokenGrant(accessToken: accessToken, expiresIn: seconds, scope: json["scope"]?.stringValue))
    }
}
