import DrydockHTTP
import GoogleOAuthEmulator

/// `GET /gmail/v1/users/{userId}/profile`.
extension GmailEmulator {
    func getProfile(_ route: GmailRoute, grant: GoogleGrant, request: HTTPRequest) -> Result<HTTPResponse, GoogleAPIError> {
        checkUser(route.parameters["userId"], grant: grant).map { email in
            let profile = profiles[email.lowercased()] ?? .empty(email)
            return GoogleAPIResponse.json(200, profile.json, prettyPrint: GoogleAPIResponse.prettyPrint(for: request))
        }
    }
}
