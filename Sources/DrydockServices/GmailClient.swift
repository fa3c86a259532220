import DrydockCore
import DrydockCredentials
import DrydockHTTP

/// The Gmail API over the shared authorized pipeline. Today: `users.getProfile`, which `drydock diag`
/// uses to prove connectivity end to end.
public struct GmailClient: Sendable {
    public static let defaultEndpoint = "https://gmail.googleapis.com"

    public let pipeline: AuthorizedPipeline
    /// Base URL without a trailing slash; `/gmail/v1/…` is appended.
    public let endpoint: String

    public init(pipeline: AuthorizedPipeline, endpoint: String = GmailClient.defaultEndpoint) {
        self.pipeline = pipeline
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
    }

    /// `GMAIL_API_ENDPOINT`, else Google's.
    public init(pipeline: AuthorizedPipeline, environment: Environment) {
        self.init(pipeline: pipeline, endpoint: environment["GMAIL_API_ENDPOINT"] ?? Self.defaultEndpoint)
    }

    /// The mailbox's address and counts.
    public func profile(userID: String = "me") throws -> GmailProfile {
        let response = try pipeline.send(ClientRequest(
            method: "GET", url: "\(endpoint)/gmail/v1/users/\(PercentEncoding.encode(userID))/profile",
            headers: ["Accept": "application/json"]))
        guard response.status == 200 else { throw GoogleServiceError(api: "Gmail", response: response) }
        guard let json = try? JSONValue.parse(response.body), let email = json["emailAddress"]?.stringValue else {
            throw GoogleServiceError(api: "Gmail", response: HTTPResponse(status: 200, headers: response.headers, body: response.body))
        }
        return GmailProfile(
            emailAddress: email, messagesTotal: json["messagesTotal"]?.intValue ?? 0,
            threadsTotal: json["threadsTotal"]?.intValue ?? 0, historyId: json["historyId"]?.stringValue ?? "")
    }
}

/// `users.getProfile`'s answer.
public struct GmailProfile: Sendable, Equatable {
    public let emailAddress: String
    public let messagesTotal: Int
    public let threadsTotal: Int
    public let historyId: String
}
