import DrydockHTTP

/// `POST /revoke?token=…`: ends a grant, given either its access token or its refresh token.
extension GoogleOAuthEmulator {
    func handleRevoke(_ request: HTTPRequest, legacy: Bool) -> HTTPResponse {
        guard request.method == "POST" || (legacy && request.method == "GET") else {
            // oauth2.googleapis.com answers a GET to /revoke with its HTML 404 page.
            if !legacy && request.method == "GET" { return GoogleErrorPage.notFound(path: request.path) }
            return GoogleErrorPage.methodNotAllowed(method: request.method, path: request.path, allowed: legacy ? ["GET", "POST"] : ["POST"])
        }
        let parameters: OAuthParameters
        switch OAuthParameters.parse(request) {
        case .success(let parsed): parameters = parsed
        case .failure(let error): return error.response
        }
        guard let token = parameters.value("token") else { return OAuthError.missingParameter("token").response }
        guard authority.revoke(token) else { return OAuthError.revokeInvalid.response }
        return OAuthResponse.json(200, .object([]))
    }
}
