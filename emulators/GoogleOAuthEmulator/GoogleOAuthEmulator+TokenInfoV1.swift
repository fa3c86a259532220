import DrydockCore
import DrydockHTTP

/// `GET|POST https://www.googleapis.com/oauth2/v1/tokeninfo?access_token=…`: the older tokeninfo still
/// used by oauth2client-era code. Fields as in Google's OAuth2 API discovery document (`Tokeninfo`):
/// `issued_to`, `audience`, `user_id` (with a sign-in scope), `scope`, `expires_in` as a number, `email`
/// and `verified_email` (with the email scope), `access_type`. Errors are `/tokeninfo`'s.
extension GoogleOAuthEmulator {
    func handleTokenInfoV1(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "POST" else {
            return GoogleErrorPage.methodNotAllowed(method: request.method, path: request.path, allowed: ["GET", "POST"])
        }
        let parameters = (try? OAuthParameters.parse(request).get()) ?? OAuthParameters(pairs: request.queryItems)
        guard let token = parameters.value("access_token") else {
            if parameters.value("id_token") != nil { return OAuthError.tokenInfoInvalid.response }
            return OAuthError.tokenInfoMissingToken.response
        }
        guard case .success(let grant) = authority.validate(accessToken: token) else { return OAuthError.tokenInfoInvalid.response }
        let scopes = Set(grant.scopes)
        var members: [(String, JSONValue)] = [("issued_to", .string(grant.clientID)), ("audience", .string(grant.clientID))]
        if !scopes.isDisjoint(with: GoogleScopes.signIn) { members.append(("user_id", .string(grant.subject))) }
        members.append(("scope", .string(grant.scopes.joined(separator: " "))))
        members.append(("expires_in", .number(grant.secondsRemaining(at: authority.clock.now()))))
        if !scopes.isDisjoint(with: GoogleScopes.email) {
            members.append(("email", .string(grant.email)))
            members.append(("verified_email", true))
        }
        members.append(("access_type", "offline"))
        return OAuthResponse.json(200, .object(members))
    }
}
