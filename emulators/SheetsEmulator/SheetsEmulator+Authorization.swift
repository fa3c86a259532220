import DrydockHTTP
import GoogleOAuthEmulator

/// Who is calling and may they: the checks Google's front end makes before Sheets sees a request.
extension SheetsEmulator {
    /// The caller's grant, or Sheets' answer: no credentials → 403 "The request is missing a valid API
    /// key." (Sheets accepts API keys, so Google asks for one); a `key=` alone → 400 API key not valid
    /// (the emulator knows no keys); a bad token → 401; no accepted scope (a read scope to read, `spreadsheets`/`drive`/`drive.file`
    /// to write: `spreadsheets.readonly` cannot write) → 403 insufficient scopes.
    func authorize(_ request: HTTPRequest, for method: SheetsMethod) -> Result<GoogleGrant, GoogleAPIError> {
        switch authority.authorize(request) {
        case .success(let grant):
            guard grant.hasAnyScope(method.acceptedScopes) else {
                return .failure(.insufficientScope(
                    acceptedScopes: method.acceptedScopes, service: SheetsMethod.serviceName,
                    method: method.rpcMethod, legacyErrors: false))
            }
            return .success(grant)
        case .failure(let rejection):
            if rejection.reason == .missing {
                return .failure(request.query("key").map { _ in .apiKeyInvalid } ?? .apiKeyMissing)
            }
            return .failure(GoogleAPIError.canonical(status: 401, legacyErrors: false))
        }
    }

    /// The Cloud project number Google names in quota errors: the digits that start the caller's OAuth
    /// client id (`1234567890-….apps.googleusercontent.com`), else the first fixture client's.
    func projectNumber(for request: HTTPRequest) -> String {
        let clientID = (try? authority.authorize(request).get())?.clientID ?? authority.fixtures.clients.first?.clientID ?? ""
        let digits = clientID.prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? "000000000000" : String(digits)
    }
}
