import DrydockHTTP

/// The authentication and authorization errors every Google API sends the same way.
extension GoogleAPIError {
    static let realm = "Bearer realm=\"https://accounts.google.com/\""

    /// 401 for a bearer token that is unknown, expired, revoked or malformed.
    public static var invalidCredentials: GoogleAPIError {
        GoogleAPIError(
            code: 401, status: "UNAUTHENTICATED",
            message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
            errors: [Entry(message: "Invalid Credentials", reason: "authError", location: "Authorization", locationType: "header")],
            headers: ["WWW-Authenticate": realm + ", error=\"invalid_token\""])
    }

    /// 401 for a request with no credentials at all. `service` and `method` fill the ErrorInfo
    /// detail (`gmail.googleapis.com`, `caribou.api.proto.MailboxService.GetProfile`).
    public static func credentialsMissing(service: String, method: String) -> GoogleAPIError {
        GoogleAPIError(
            code: 401, status: "UNAUTHENTICATED",
            message: "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
            errors: [Entry(message: "Login Required.", reason: "required", location: "Authorization", locationType: "header")],
            details: [errorInfo(reason: "CREDENTIALS_MISSING", metadata: [("method", method), ("service", service)])],
            headers: ["WWW-Authenticate": realm])
    }

    /// 403 for a valid token that lacks every scope the method accepts. `acceptedScopes` go into
    /// `WWW-Authenticate` (Google writes `error=insufficient_scope` unquoted there).
    public static func insufficientScope(acceptedScopes: [String], service: String, method: String, legacyErrors: Bool = true) -> GoogleAPIError {
        GoogleAPIError(
            code: 403, status: "PERMISSION_DENIED",
            message: "Request had insufficient authentication scopes.",
            errors: legacyErrors ? [Entry(message: "Insufficient Permission", reason: "insufficientPermissions")] : [],
            details: [errorInfo(reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT", metadata: [("method", method), ("service", service)])],
            headers: ["WWW-Authenticate": realm + ", error=insufficient_scope, scope=\"" + acceptedScopes.joined(separator: " ") + "\""])
    }
}
