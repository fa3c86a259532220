import DrydockHTTP
import EmulatorKit
import GoogleOAuthEmulator

/// The Gmail API (`gmail.googleapis.com/gmail/v1/…`), offline. Bearer tokens are checked against the
/// shared `GoogleTokenAuthority`, so only tokens the OAuth emulator issued work, with Google's exact
/// 401 and 403 answers otherwise. For now it serves `users.getProfile`; unknown paths get Google's
/// HTML 404 page.
public final class GmailEmulator: ServiceEmulator {
    public let service = "gmail"
    public let authority: GoogleTokenAuthority
    let profiles: [String: GmailProfile]

    /// - Parameter profiles: mailbox summaries by account; accounts without one have an empty mailbox.
    public init(authority: GoogleTokenAuthority, profiles: [GmailProfile] = []) {
        self.authority = authority
        var byEmail: [String: GmailProfile] = [:]
        for profile in profiles { byEmail[profile.emailAddress.lowercased()] = profile }
        self.profiles = byEmail
    }

    /// A Gmail emulator over `<fixturesDirectory>/gmail/`, sharing `authority` with the OAuth emulator.
    public convenience init(fixturesDirectory: String, authority: GoogleTokenAuthority) throws(FixtureError) {
        self.init(authority: authority, profiles: try GmailProfile.load(fixturesDirectory: fixturesDirectory))
    }

    static let methods: [GmailMethod] = [
        GmailMethod(
            id: "users.getProfile", httpMethod: "GET", pattern: ["users", "{userId}", "profile"],
            acceptedScopes: [GmailScope.full, GmailScope.modify, GmailScope.compose, GmailScope.readonly, GmailScope.metadata],
            rpcMethod: "caribou.api.proto.MailboxService.GetProfile"),
    ]

    static let serviceName = "gmail.googleapis.com"

    public func claims(_ request: HTTPRequest) -> Bool {
        request.rawPath.hasPrefix(GmailRoute.prefix) || request.rawPath == "/gmail/v1"
    }

    public func operation(for request: HTTPRequest) -> String {
        GmailRoute(request, methods: Self.methods)?.method.id ?? "unknown"
    }

    public var knownOperations: [String] { Self.methods.map(\.id) }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard let route = GmailRoute(request, methods: Self.methods) else { return GoogleErrorPage.notFound(path: request.path) }
        let grant: GoogleGrant
        switch authorize(request, for: route.method) {
        case .success(let granted): grant = granted
        case .failure(let error): return error.response(for: request)
        }
        let result: Result<HTTPResponse, GoogleAPIError>
        switch route.method.id {
        case "users.getProfile": result = getProfile(route, grant: grant, request: request)
        default: result = .failure(.canonical(status: 404))
        }
        switch result {
        case .success(let response): return response
        case .failure(let error): return error.response(for: request)
        }
    }

    /// Google's generic API error for an injected status, honouring `prettyPrint`.
    public func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        GoogleAPIError.canonical(status: status).response(for: request)
    }

    /// Gmail keeps no state of its own yet; issued tokens are reset by the OAuth emulator.
    public func reset() {}

    /// `GMAIL_API_ENDPOINT=<base>`: clients append `/gmail/v1/…`.
    public func endpointVariables(baseURL: String) -> [(name: String, value: String)] {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return [(name: "GMAIL_API_ENDPOINT", value: base)]
    }
}
