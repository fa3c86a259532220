import DrydockCore
import DrydockHTTP

/// `POST /token`: the refresh-token grant, with client authentication by form body or HTTP Basic.
extension GoogleOAuthEmulator {
    func handleToken(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "POST" else {
            return GoogleErrorPage.methodNotAllowed(method: request.method, path: request.path, allowed: ["POST"])
        }
        switch token(request) {
        case .success(let result): return tokenResponse(result)
        case .failure(let error): return error.response
        }
    }

    /// Google's checks, in Google's order: the grant type, then who the client is, then whether it may
    /// use the grant, then the grant itself.
    private func token(_ request: HTTPRequest) -> Result<GoogleTokenAuthority.RefreshResult, OAuthError> {
        let parameters: OAuthParameters
        switch OAuthParameters.parse(request) {
        case .success(let parsed): parameters = parsed
        case .failure(let error): return .failure(error)
        }

        let grantType = parameters.value("grant_type") ?? ""
        guard Self.knownGrantTypes.contains(grantType) else { return .failure(.unsupportedGrantType(grantType)) }

        let client: OAuthClient
        switch authenticateClient(parameters) {
        case .success(let authenticated): client = authenticated
        case .failure(let error): return .failure(error)
        }
        guard !client.unauthorized, client.grantTypes.contains(grantType) else { return .failure(.unauthorizedClient) }

        switch grantType {
        case "refresh_token":
            guard let refreshToken = parameters.value("refresh_token") else { return .failure(.missingParameter("refresh_token")) }
            let scopes = parameters.value("scope").map(GoogleScopes.split)
            return authority.refresh(refreshToken, client: client, requestedScopes: scopes)
        case "authorization_code":
            // The emulator runs no consent screen, so it has issued no codes: every code is unknown.
            guard parameters.value("code") != nil else { return .failure(.missingParameter("code")) }
            return .failure(.malformedAuthCode)
        default:
            return .failure(.unsupportedGrantType(grantType))
        }
    }

    /// The grant types the endpoint recognises; anything else is `unsupported_grant_type`.
    static let knownGrantTypes: Set<String> = ["refresh_token", "authorization_code"]

    private func authenticateClient(_ parameters: OAuthParameters) -> Result<OAuthClient, OAuthError> {
        let clientID = parameters.basicCredentials?.clientID ?? parameters.value("client_id")
        let clientSecret = parameters.basicCredentials?.clientSecret ?? parameters.value("client_secret")
        guard let clientID else { return .failure(.clientIDMissing) }
        guard let client = authority.fixtures.client(id: clientID) else { return .failure(.clientNotFound) }
        guard let clientSecret, !clientSecret.isEmpty else { return .failure(.clientSecretMissing) }
        guard clientSecret == client.clientSecret else { return .failure(.clientSecretWrong) }
        return .success(client)
    }

    private func tokenResponse(_ result: GoogleTokenAuthority.RefreshResult) -> HTTPResponse {
        var members: [(String, JSONValue)] = [
            ("access_token", .string(result.grant.accessToken)),
            ("expires_in", .number(result.expiresIn)),
        ]
        if let refreshTokenExpiresIn = result.refreshTokenExpiresIn {
            members.append(("refresh_token_expires_in", .number(refreshTokenExpiresIn)))
        }
        members.append(("scope", .string(result.grant.scopes.joined(separator: " "))))
        members.append(("token_type", "Bearer"))
        return OAuthResponse.json(200, .object(members))
    }
}
