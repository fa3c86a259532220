import DrydockHTTP
import GoogleOAuthEmulator

/// Who is calling and may they: the checks Google's front end makes before Gmail sees a request.
extension GmailEmulator {
    /// The caller's grant, or Google's 401 (no or bad credentials) or 403 (no accepted scope).
    func authorize(_ request: HTTPRequest, for method: GmailMethod) -> Result<GoogleGrant, GoogleAPIError> {
        switch authority.authorize(request) {
        case .failure(let rejection):
            if rejection.reason == .missing {
                return .failure(.credentialsMissing(service: Self.serviceName, method: method.rpcMethod))
            }
            return .failure(.invalidCredentials)
        case .success(let grant):
            guard grant.hasAnyScope(method.acceptedScopes) else {
                return .failure(.insufficientScope(acceptedScopes: method.acceptedScopes, service: Self.serviceName, method: method.rpcMethod))
            }
            return .success(grant)
        }
    }

    /// `userId` must be `me` or the caller's own address; anything else is Gmail's delegation error.
    func checkUser(_ userId: String?, grant: GoogleGrant) -> Result<String, GoogleAPIError> {
        guard let userId, userId == "me" || userId.lowercased() == grant.email.lowercased() else {
            let message = "Delegation denied for \(grant.email)"
            return .failure(GoogleAPIError(code: 403, status: "PERMISSION_DENIED", message: message, reason: "forbidden"))
        }
        return .success(grant.email)
    }
}
