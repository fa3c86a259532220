/// What a request path under `/latest` names, and its operation id for the journal and fault rules.
enum IMDSRoute: Equatable {
    /// `/latest/api/token`.
    case token
    /// A directory: its entries as EC2 lists them (subdirectories with a trailing `/`).
    case listing([String])
    /// A plain-text value.
    case value(String)
    /// `meta-data/iam/info`.
    case iamInfo
    /// `meta-data/iam/security-credentials/<role>`; a role other than the instance's is a 404.
    case credentials(role: String)
    /// `dynamic/instance-identity/document`.
    case identityDocument
    /// Nothing under `/latest` has this path.
    case notFound

    /// The operation ids, documented in fixtures/default/imds/README.md.
    static let operations = ["token", "listing", "meta-data", "credentials", "identity-document"]

    var operation: String {
        switch self {
        case .token: "token"
        case .listing: "listing"
        case .value, .iamInfo: "meta-data"
        case .credentials: "credentials"
        case .identityDocument: "identity-document"
        case .notFound: "unknown"
        }
    }

    /// The path relative to `/latest/`, without a trailing slash (`meta-data/placement`), or nil when
    /// `path` is not under `/latest`. Extra leading slashes are tolerated: an SDK joining an endpoint
    /// that ends in `/` with `/latest/…` sends `//latest/…`.
    static func relativePath(_ path: String) -> String? {
        var rest = Substring(path)
        while rest.hasPrefix("//") { rest.removeFirst() }
        guard rest.hasPrefix("/latest") else { return nil }
        rest.removeFirst("/latest".count)
        if rest.isEmpty { return "" }
        guard rest.hasPrefix("/") else { return nil }
        rest.removeFirst()
        if rest.hasSuffix("/") { rest.removeLast() }
        return String(rest)
    }
}
