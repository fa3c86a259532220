/// An OAuth client registered in the emulator, as `fixtures/<set>/oauth/clients.json` describes it.
public struct OAuthClient: Sendable, Equatable {
    /// `…apps.googleusercontent.com`.
    public var clientID: String
    /// `GOCSPX-…`.
    public var clientSecret: String
    /// The console's application type (`installed`, `web`…); descriptive only.
    public var type: String
    public var publishingStatus: PublishingStatus
    /// When true, every token request from this client is refused with 401 `unauthorized_client`.
    public var unauthorized: Bool
    /// Grant types the client may use; others get 401 `unauthorized_client`.
    public var grantTypes: [String]
    /// Lifetime of the access tokens issued to this client, in seconds (Google: 3599).
    public var accessTokenLifetimeSeconds: Int
    /// The refresh tokens users granted this client.
    public var refreshTokens: [RefreshTokenRecord]

    public init(
        clientID: String, clientSecret: String, type: String = "installed",
        publishingStatus: PublishingStatus = .production, unauthorized: Bool = false,
        grantTypes: [String] = OAuthClient.defaultGrantTypes, accessTokenLifetimeSeconds: Int = 3599,
        refreshTokens: [RefreshTokenRecord] = []
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.type = type
        self.publishingStatus = publishingStatus
        self.unauthorized = unauthorized
        self.grantTypes = grantTypes
        self.accessTokenLifetimeSeconds = accessTokenLifetimeSeconds
        self.refreshTokens = refreshTokens
    }

    /// What an installed or web client may use unless the fixture says otherwise.
    public static let defaultGrantTypes = ["refresh_token", "authorization_code"]

    /// The OAuth consent screen's publishing status. In "testing", Google expires refresh tokens
    /// 7 days after they were issued (unless they only carry sign-in scopes).
    public enum PublishingStatus: String, Sendable, Equatable, CaseIterable {
        case production
        case testing
    }
}
