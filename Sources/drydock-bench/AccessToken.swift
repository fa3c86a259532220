import DrydockCore
import DrydockHTTP

/// An access token for the sandbox's refresh token (`bookings@…`: gmail.readonly, gmail.send,
/// spreadsheets.readonly), from one `POST /token` — what a job does before its first API call.
enum AccessToken {
    static func fetch(secretsDirectory: String, client: HTTPClient) throws -> String {
        let credentials = try SandboxCredentials(secretsDirectory: secretsDirectory)
        let response = try client.send(credentials.tokenRequest)
        guard response.status == 200,
              let token = (try? JSONValue.parse(response.body))?["access_token"]?.stringValue else {
            throw BenchError("POST /token answered \(response.status): \(response.bodyText.prefix(300))")
        }
        return token
    }
}
