import DrydockHTTP
import EmulatorKit
import Foundation

/// The EC2 Instance Metadata Service, offline: IMDSv2 session tokens (`PUT /latest/api/token`),
/// `/latest/meta-data/…` (identity, placement, the instance role and its rotating credentials) and
/// `/latest/dynamic/instance-identity/document`, with EC2's status codes, text and JSON formats and XHTML
/// error pages, so botocore's and the Drydock IMDS provider cannot tell it from `169.254.169.254`.
///
/// The role credentials live in the shared `IMDSCredentialAuthority`, which the DynamoDB emulator reads
/// to accept exactly the keys handed out here.
public final class IMDSEmulator: ServiceEmulator {
    public let service = "imds"
    public let instance: IMDSInstance
    public let authority: IMDSCredentialAuthority
    /// When the instance launched (`pendingTime` in the identity document): the emulator's creation time.
    public let launchTime: Date
    let tree: IMDSMetadataTree
    let sessionTokens: IMDSSessionTokens

    /// An emulator for `instance` whose credentials rotate on `clock`; `random` makes keys and tokens.
    public init(instance: IMDSInstance = .defaults, clock: VirtualClock, random: IMDSRandom = .system()) {
        self.instance = instance
        authority = IMDSCredentialAuthority(
            clock: clock, lifetime: instance.credentialLifetime, rotationBeforeExpiry: instance.rotationBeforeExpiry, random: random)
        launchTime = clock.now()
        tree = IMDSMetadataTree(instance)
        sessionTokens = IMDSSessionTokens(random: random)
    }

    /// An emulator over `<fixturesDirectory>/imds/instance.json` (defaults when there is no `imds/`).
    public convenience init(fixturesDirectory: String, clock: VirtualClock, random: IMDSRandom = .system()) throws(FixtureError) {
        self.init(instance: try IMDSInstance.load(fixturesDirectory: fixturesDirectory), clock: clock, random: random)
    }

    var clock: VirtualClock { authority.clock }

    public func claims(_ request: HTTPRequest) -> Bool { IMDSRoute.relativePath(request.path) != nil }

    public func operation(for request: HTTPRequest) -> String { tree.route(for: request.path)?.operation ?? "unknown" }

    public var knownOperations: [String] { IMDSRoute.operations }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let route = tree.route(for: request.path) ?? .notFound
        if route == .token { return handleToken(request) }
        guard request.method == "GET" || request.method == "HEAD" else {
            // Assumed: EC2 answers other methods on metadata paths with its 405 page.
            var response = IMDSResponse.errorPage(405)
            response.headers.set("Allow", "GET, HEAD")
            return response
        }
        if let rejection = authorize(request) { return rejection }
        var response = respond(route)
        if request.method == "HEAD" { response.body = [] }
        return response
    }

    /// The answer to an authorized GET of `route`.
    func respond(_ route: IMDSRoute) -> HTTPResponse {
        switch route {
        case .listing(let entries): IMDSResponse.text(entries.joined(separator: "\n"))
        case .value(let text): IMDSResponse.text(text)
        case .iamInfo: IMDSResponse.text(iamInfoDocument())
        case .credentials(let role) where role == instance.role: IMDSResponse.text(credentialsDocument(authority.currentKey()))
        case .identityDocument: IMDSResponse.text(identityDocument())
        case .credentials, .notFound, .token: IMDSResponse.errorPage(404)
        }
    }

    public func reset() {
        authority.reset()
        sessionTokens.reset()
    }

    /// Expires the role credentials issued so far and every IMDSv2 session token.
    public func expireIssuedTokens() {
        authority.expireIssuedTokens()
        sessionTokens.expireAll(now: clock.now())
    }

    /// `AWS_EC2_METADATA_SERVICE_ENDPOINT=<base>/`. botocore joins the endpoint and `latest/…` with a
    /// `/` only when the endpoint lacks one (confirmed in botocore's `IMDSFetcher._construct_url`), so
    /// either form works there; clients that always add `/latest/…` send `//latest/…`, which this
    /// emulator accepts too.
    public func endpointVariables(baseURL: String) -> [(name: String, value: String)] {
        let base = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        return [(name: "AWS_EC2_METADATA_SERVICE_ENDPOINT", value: base)]
    }
}
