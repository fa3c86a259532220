import DrydockCore
import DrydockHTTP
import Foundation

/// The OAuth client and refresh token a sandbox secrets directory holds, read the way a user would copy
/// them out: `gmail_credentials.json` (`installed`) and `refresh_token.json`.
struct SandboxCredentials: Sendable {
    let clientID: String
    let clientSecret: String
    let tokenURI: String
    let refreshToken: String

    init(secretsDirectory: String) throws {
        let credentials = try Self.readJSON(secretsDirectory + "/gmail_credentials.json")
        let refresh = try Self.readJSON(secretsDirectory + "/refresh_token.json")
        guard let installed = credentials["installed"],
              let clientID = installed["client_id"]?.stringValue,
              let clientSecret = installed["client_secret"]?.stringValue,
              let tokenURI = installed["token_uri"]?.stringValue,
              let refreshToken = refresh["refresh_token"]?.stringValue else {
            throw BenchError("\(secretsDirectory): gmail_credentials.json or refresh_token.json is not what the sandbox writes")
        }
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.tokenURI = tokenURI
        self.refreshToken = refreshToken
    }

    /// `POST <token_uri>` with the refresh-token grant as a form body.
    var tokenRequest: ClientRequest {
        let body = FormEncoding.encode([
            ("grant_type", "refresh_token"), ("client_id", clientID), ("client_secret", clientSecret),
            ("refresh_token", refreshToken),
        ])
        return ClientRequest(
            method: "POST", url: tokenURI, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array(body.utf8))
    }

    private static func readJSON(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("cannot read \(path)") }
        do {
            return try JSONValue.parse(Array(data))
        } catch {
            throw BenchError("\(path): \(error)")
        }
    }
}
