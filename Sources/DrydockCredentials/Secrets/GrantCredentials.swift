import DrydockCore

/// The refresh token and the OAuth client together, as a secret shared by several hosts holds them: one
/// JSON object with the members of `refresh_token.json` and `gmail_credentials.json`,
/// `{"refresh_token": "1//…", "installed": {"client_id": "…", "client_secret": "…", "token_uri": "…"}}`
/// (or `"web"` in place of `"installed"`).
public struct GrantCredentials: Sendable {
    public let refreshToken: String
    public let client: ClientCredentials

    public init(refreshToken: String, client: ClientCredentials) {
        self.refreshToken = refreshToken
        self.client = client
    }

    public static let expectedFormat =
        #"a JSON object {"refresh_token": "1//…", "installed": {"client_id": "…", "client_secret": "…"}} "#
        + #"(the members of refresh_token.json and gmail_credentials.json together)"#

    /// Reads the object; on failure, says what is wrong without quoting any value.
    public static func parse(_ json: JSONValue, source: String) -> Result<GrantCredentials, ContentProblem> {
        guard json.objectValue != nil else { return .failure(ContentProblem("holds a JSON \(json.typeName), not an object")) }
        guard let refreshToken = json["refresh_token"]?.stringValue, !refreshToken.isEmpty else {
            return .failure(ContentProblem(#"has no "refresh_token" member with a non-empty string value"#))
        }
        return ClientCredentials.parse(json, source: .sharedSecret(source))
            .map { GrantCredentials(refreshToken: refreshToken, client: $0) }
    }
}
