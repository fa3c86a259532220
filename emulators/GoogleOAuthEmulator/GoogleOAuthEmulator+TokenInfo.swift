import DrydockCore
import DrydockHTTP

/// `GET|POST /tokeninfo?access_token=…`: what an access token grants.
extension GoogleOAuthEmulator {
    func handleTokenInfo(_ request: HTTPRequest, v3: Bool) -> HTTPResponse {
        guard request.method == "GET" || request.method == "POST" else {
            return GoogleErrorPage.methodNotAllowed(method: request.method, path: request.path, allowed: ["GET", "POST"])
        }
        let parameters = (try? OAuthParameters.parse(request).get()) ?? OAuthParameters(pairs: request.queryItems)
        guard let token = parameters.value("access_token") else {
            // An id_token is never one the emulator issued (it issues none).
            if parameters.value("id_token") != nil { return invalid(v3: v3) }
            return OAuthError.tokenInfoMissingToken.response
        }
        guard case .success(let grant) = authority.validate(accessToken: token) else { return invalid(v3: v3) }
        return OAuthResponse.json(200, tokenInfo(grant))
    }

    /// Google's tokeninfo: numbers as strings, `sub` with sign-in scopes, `email` with the email scope.
    private func tokenInfo(_ grant: GoogleGrant) -> JSONValue {
        let now = authority.clock.now()
        let scopes = Set(grant.scopes)
        var members: [(String, JSONValue)] = [("azp", .string(grant.clientID)), ("aud", .string(grant.clientID))]
        if !scopes.isDisjoint(with: GoogleScopes.signIn) { members.append(("sub", .string(grant.subject))) }
        members.append(("scope", .string(grant.scopes.joined(separator: " "))))
        members.append(("exp", .string(String(Int(grant.expiresAt.timeIntervalSince1970.rounded(.down))))))
        members.append(("expires_in", .string(String(grant.secondsRemaining(at: now)))))
        if !scopes.isDisjoint(with: GoogleScopes.email) {
            members.append(("email", .string(grant.email)))
            members.append(("email_verified", "true"))
        }
        members.append(("access_type", "offline"))
        return .object(members)
    }

    /// `/tokeninfo` sends `error` and `error_description`; `/oauth2/v3/tokeninfo` only the description.
    private func invalid(v3: Bool) -> HTTPResponse {
        let error = OAuthError.tokenInfoInvalid
        return v3 ? OAuthResponse.json(error.status, ["error_description": .string(error.errorDescription ?? "")]) : error.response
    }
}
