import DrydockCore

/// The OAuth client the refresh token was issued to.
///
/// The client id is not secret (it appears in consent URLs) and may be printed; the secret never is.
public struct ClientCredentials: Sendable, Equatable, CustomStringConvertible {
    /// Where the credentials came from.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        /// `GOOGLE_CLIENT_ID` and `GOOGLE_CLIENT_SECRET`.
        case environment
        /// A client-secrets file at this path.
        case file(String)
        /// A secret shared by several hosts, described (e.g. `Secrets Manager secret 'x' in us-east-1`).
        case sharedSecret(String)

        public var description: String {
            switch self {
            case .environment: "GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET"
            case .file(let path): path
            case .sharedSecret(let name): name
            }
        }
    }

    public let clientID: String
    public let clientSecret: String
    /// `token_uri` from the client-secrets file, when it has one.
    public let tokenURI: String?
    public let source: Source

    public init(clientID: String, clientSecret: String, tokenURI: String? = nil, source: Source) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.tokenURI = tokenURI
        self.source = source
    }

    public var description: String { "OAuth client \(clientID) (from \(source))" }
}

extension ClientCredentials: CustomReflectable {
    /// Keeps the secret out of `dump` and debugger summaries.
    public var customMirror: Mirror {
        Mirror(self, children: ["clientID": clientID, "clientSecret": "[redacted]", "source": source])
    }
}

extension ClientCredentials {
    public static let expectedFormat =
        #"Google's client-secrets JSON, {"installed": {"client_id": "…", "client_secret": "…", "token_uri": "…"}} "#
        + #"(or "web" in place of "installed")"#

    /// Parses Google's client-secrets format (`{"installed": {…}}` or `{"web": {…}}`); returns a
    /// description of what is wrong on failure.
    static func parse(_ json: JSONValue, path: String) -> Result<ClientCredentials, ContentProblem> {
        parse(json, source: .file(path))
    }

    /// ``parse(_:path:)`` for contents read from `source`.
    public static func parse(_ json: JSONValue, source: Source) -> Result<ClientCredentials, ContentProblem> {
        guard json.objectValue != nil else { return .failure(ContentProblem("holds a JSON \(json.typeName), not an object")) }
        guard let (section, client) = ["installed", "web"].lazy.compactMap({ key in json[key].map { (key, $0) } }).first
        else {
            return .failure(ContentProblem(#"has neither an "installed" nor a "web" object"#))
        }
        guard client.objectValue != nil else {
            return .failure(ContentProblem("has \"\(section)\" as a JSON \(client.typeName), not an object"))
        }
        for member in ["client_id", "client_secret"] {
            guard let value = client[member]?.stringValue, !value.isEmpty else {
                return .failure(ContentProblem("has no \"\(section)\".\"\(member)\" with a non-empty string value"))
            }
        }
        return .success(ClientCredentials(
            clientID: client["client_id"]!.stringValue!, clientSecret: client["client_secret"]!.stringValue!,
            tokenURI: client["token_uri"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }, source: source))
    }
}

extension SecretsStore {
    /// The OAuth client: `GOOGLE_CLIENT_ID` + `GOOGLE_CLIENT_SECRET` when both are set, else
    /// `gmail_credentials.json` in Google's client-secrets format.
    public func clientCredentials(environment: Environment) throws -> ClientCredentials {
        let id = environment["GOOGLE_CLIENT_ID"]
        let secret = environment["GOOGLE_CLIENT_SECRET"]
        if let id, let secret {
            return ClientCredentials(clientID: id, clientSecret: secret, source: .environment)
        }
        let path = path(of: Self.clientCredentialsFile)
        var hint = "Download the OAuth client JSON from the Google Cloud console (APIs & Services → Credentials) "
            + "and store it there with mode 0600, or set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET."
        if id != nil || secret != nil {
            let (set, unset) = id != nil
                ? ("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET") : ("GOOGLE_CLIENT_SECRET", "GOOGLE_CLIENT_ID")
            hint = "\(set) is set but \(unset) is not: set both, or store the client-secrets JSON there."
        }
        let json = try readJSON(Self.clientCredentialsFile, expected: ClientCredentials.expectedFormat, missingHint: hint)
        switch ClientCredentials.parse(json, path: path) {
        case .success(let credentials): return credentials
        case .failure(let problem):
            throw CredentialError.invalidContents(path, problem.text, expected: ClientCredentials.expectedFormat)
        }
    }
}
