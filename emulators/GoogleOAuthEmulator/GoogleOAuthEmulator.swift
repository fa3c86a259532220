import DrydockHTTP
import EmulatorKit

/// Google's OAuth 2.0 endpoints, offline: `POST /token` (refresh-token grant), `/tokeninfo` and
/// `/revoke`, answering with Google's exact status codes, JSON bodies and headers so that official
/// clients (google-auth, google-api-python-client) cannot tell it from `oauth2.googleapis.com`.
///
/// Issued tokens live in the shared `GoogleTokenAuthority`, which the Gmail and Sheets emulators use to
/// validate bearer tokens.
public final class GoogleOAuthEmulator: ServiceEmulator {
    public let service = "oauth"
    public let authority: GoogleTokenAuthority

    public init(authority: GoogleTokenAuthority) { self.authority = authority }

    /// An emulator over `<fixturesDirectory>/oauth/clients.json`, with its own authority.
    public convenience init(fixturesDirectory: String, clock: VirtualClock, tokenGenerator: AccessTokenGenerator = .system) throws(FixtureError) {
        self.init(authority: try GoogleTokenAuthority(fixturesDirectory: fixturesDirectory, clock: clock, tokenGenerator: tokenGenerator))
    }

    /// The endpoints and the paths each answers on (current and legacy Google URLs).
    enum Endpoint: Equatable {
        case token
        /// `v3`: the `/oauth2/v3/tokeninfo` flavour, whose errors carry only `error_description`.
        case tokenInfo(v3: Bool)
        /// `legacy`: `/o/oauth2/revoke`, which also accepts GET.
        case revoke(legacy: Bool)
        /// `/oauth2/v1/tokeninfo` on www.googleapis.com: the older field names (`issued_to`, `verified_email`).
        case tokenInfoV1

        static let byPath: [String: Endpoint] = [
            "/token": .token, "/oauth2/v4/token": .token, "/o/oauth2/token": .token,
            "/tokeninfo": .tokenInfo(v3: false), "/oauth2/v3/tokeninfo": .tokenInfo(v3: true), "/oauth2/v1/tokeninfo": .tokenInfoV1,
            "/revoke": .revoke(legacy: false), "/o/oauth2/revoke": .revoke(legacy: true),
        ]

        var operation: String {
            switch self {
            case .token: "token"
            case .tokenInfo, .tokenInfoV1: "tokeninfo"
            case .revoke: "revoke"
            }
        }
    }

    public func claims(_ request: HTTPRequest) -> Bool { Endpoint.byPath[request.path] != nil }

    public func operation(for request: HTTPRequest) -> String { Endpoint.byPath[request.path]?.operation ?? "unknown" }

    public var knownOperations: [String] { ["token", "tokeninfo", "revoke"] }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch Endpoint.byPath[request.path] {
        case .token: handleToken(request)
        case .tokenInfo(let v3): handleTokenInfo(request, v3: v3)
        case .tokenInfoV1: handleTokenInfoV1(request)
        case .revoke(let legacy): handleRevoke(request, legacy: legacy)
        case nil: GoogleErrorPage.notFound(path: request.path)
        }
    }

    /// Injected statuses, as the token endpoint sends them. Observed from Google: 500 is
    /// `{"error": "internal_failure"}` and 502 is the front end's HTML page. 400 and 401 use the OAuth
    /// shape with Google's terse descriptions. For the rest (429, 503, 504, …) what the token endpoint
    /// sends is not documented; we send Google's generic API error JSON (the shape its 501 was seen in).
    public func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        switch status {
        case 400: return OAuthError.unreadableBody.response
        case 401: return OAuthError.clientSecretWrong.response
        case 500: return OAuthError.internalFailure.response
        case 502: return GoogleErrorPage.badGateway()
        default:
            var response = GoogleAPIError.canonical(status: status, legacyErrors: false).response(prettyPrint: true)
            response.headers.set("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
            return response
        }
    }

    public func reset() { authority.reset() }

    public func expireIssuedTokens() { authority.expireIssuedTokens() }

    public func endpointVariables(baseURL: String) -> [(name: String, value: String)] {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return [(name: "GOOGLE_OAUTH_TOKEN_URI", value: base + "/token")]
    }
}
