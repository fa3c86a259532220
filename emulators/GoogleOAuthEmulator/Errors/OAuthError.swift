import DrydockCore
import DrydockHTTP

/// An error from Google's OAuth endpoints (RFC 6749 §5.2 shape): knows its status and renders
/// `{"error": …, "error_description": …}` exactly as `oauth2.googleapis.com` does.
public struct OAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    /// The OAuth error code: `invalid_grant`, `invalid_client`, …
    public let error: String
    /// Google's human text; nil renders no `error_description` member.
    public let errorDescription: String?

    public init(status: Int, error: String, description: String?) {
        self.status = status
        self.error = error
        self.errorDescription = description
    }

    /// The JSON body as Google sends it.
    public var body: JSONValue {
        var members: [(String, JSONValue)] = [("error", .string(error))]
        if let errorDescription { members.append(("error_description", .string(errorDescription))) }
        return .object(members)
    }

    /// Status, no-cache headers and pretty-printed body.
    public var response: HTTPResponse { OAuthResponse.json(status, body) }

    public var description: String { "\(status) \(error)" + (errorDescription.map { ": \($0)" } ?? "") }
}

extension OAuthError {
    /// Unknown client_id.
    public static let clientNotFound = OAuthError(status: 401, error: "invalid_client", description: "The OAuth client was not found.")
    /// Known client, wrong client_secret.
    public static let clientSecretWrong = OAuthError(status: 401, error: "invalid_client", description: "Unauthorized")
    /// The client may not use this grant, or the refresh token was issued to another client.
    public static let unauthorizedClient = OAuthError(status: 401, error: "unauthorized_client", description: "Unauthorized")
    /// A refresh token that was revoked, expired, or is otherwise no longer honoured.
    public static let tokenExpiredOrRevoked = OAuthError(status: 400, error: "invalid_grant", description: "Token has been expired or revoked.")
    /// A grant Google cannot make sense of (a refresh token it never issued).
    public static let malformedGrant = OAuthError(status: 400, error: "invalid_grant", description: "Bad Request")
    /// An authorization code the emulator never issued (it issues none).
    public static let malformedAuthCode = OAuthError(status: 400, error: "invalid_grant", description: "Malformed auth code.")
    /// No client_id in the body or an Authorization: Basic header.
    public static let clientIDMissing = OAuthError(status: 400, error: "invalid_request", description: "Could not determine client ID from request.")
    public static let clientSecretMissing = OAuthError(status: 400, error: "invalid_request", description: "client_secret is missing.")
    /// A body the endpoint cannot read as a form. Google's exact text for this is unconfirmed.
    public static let unreadableBody = OAuthError(status: 400, error: "invalid_request", description: "Bad Request")
    /// A `scope` on refresh that asks for more than the refresh token grants. Description unconfirmed.
    public static let scopeNotGranted = OAuthError(status: 400, error: "invalid_scope", description: "Bad Request")
    /// tokeninfo for a token that is unknown, expired or revoked.
    public static let tokenInfoInvalid = OAuthError(status: 400, error: "invalid_token", description: "Invalid Value")
    /// tokeninfo with neither access_token nor id_token.
    public static let tokenInfoMissingToken = OAuthError(
        status: 400, error: "invalid_request", description: "Either access_token, id_token, or token_handle required")
    /// revoke for a token that is unknown, expired or already revoked.
    public static let revokeInvalid = OAuthError(status: 400, error: "invalid_token", description: "Token expired or revoked")
    /// What the token endpoint sends on an internal failure (no description).
    public static let internalFailure = OAuthError(status: 500, error: "internal_failure", description: nil)

    public static func missingParameter(_ name: String) -> OAuthError {
        OAuthError(status: 400, error: "invalid_request", description: "Missing required parameter: \(name)")
    }

    /// Missing, empty or unknown grant_type: Google echoes the value, empty when absent.
    public static func unsupportedGrantType(_ value: String) -> OAuthError {
        OAuthError(status: 400, error: "unsupported_grant_type", description: "Invalid grant_type: \(value)")
    }
}
