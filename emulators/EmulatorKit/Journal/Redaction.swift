import DrydockCore
import DrydockHTTP

/// Keeps secrets out of the journal and the log. In the request target, a query value becomes `REDACTED`
/// when its parameter carries credentials by name (`access_token`, `oauth_token`, `code`, …) or when its
/// decoded value holds a credential by shape or is the request's own bearer value (a `q=ya29.…`); a path
/// segment or a query name holding one becomes `REDACTED` whole. Bodies and headers (Authorization) are
/// never recorded at all.
public enum Redaction {
    /// Query parameter names (compared case-insensitively) whose values are secrets: OAuth tokens, codes
    /// and client secrets, Google API keys, and SigV4 presigned-URL credentials.
    public static let sensitiveParameters: Set<String> = [
        "token", "access_token", "oauth_token", "refresh_token", "id_token", "client_secret", "code", "key",
        "password", "assertion", "subject_token", "x-amz-signature", "x-amz-credential", "x-amz-security-token",
    ]

    /// What a secret becomes.
    public static let replacement = "REDACTED"

    /// Scrubs credential shapes (no known values) out of text a client chose: a method, an operation.
    static let shapes = SecretScrubber(replacement: replacement)

    /// The request target with secrets replaced; everything else kept exactly as sent.
    public static func target(_ request: HTTPRequest) -> String {
        // Nothing this short can hold a secret (known values and shapes are 4 bytes or more): DynamoDB's
        // `POST /` is journaled without building a scrubber from its session token on every request.
        if request.target.utf8.count < 4 { return request.rawPath }
        let scrubber = SecretScrubber(knownValues: credentials(of: request), replacement: replacement)
        let path = redactingSegments(of: request.rawPath, scrubber)
        guard request.target.contains("?") else { return path }
        let pairs = request.rawQuery.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else {
                return holdsSecret(String(pair), scrubber) ? replacement : String(pair)
            }
            let rawName = String(pair[..<equals])
            let name = PercentEncoding.decode(rawName, plusAsSpace: true)
            if holdsSecret(rawName, scrubber) { return replacement }
            if sensitiveParameters.contains(name.lowercased()) || holdsSecret(String(pair[pair.index(after: equals)...]), scrubber) {
                return String(pair[...equals]) + replacement
            }
            return String(pair)
        }
        return path + "?" + pairs.joined(separator: "&")
    }

    /// The credentials a request carries in headers (journaled nowhere, but a client may repeat them in
    /// the URL): a bearer token, an IMDSv2 session token, an AWS session token.
    static func credentials(of request: HTTPRequest) -> [String] {
        var values: [String] = []
        if let authorization = request.headers["Authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                values.append(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        for name in ["X-aws-ec2-metadata-token", "X-Amz-Security-Token"] {
            if let value = request.headers[name] { values.append(value) }
        }
        return values
    }

    /// `rawPath` with secrets as sent replaced (a `1//…` spans segments), then every segment whose decoded
    /// form still holds one replaced whole.
    private static func redactingSegments(of rawPath: String, _ scrubber: SecretScrubber) -> String {
        guard holdsSecret(rawPath, scrubber) else { return rawPath }
        return scrubber.scrub(rawPath).split(separator: "/", omittingEmptySubsequences: false)
            .map { holdsSecret(String($0), scrubber) ? replacement : String($0) }
            .joined(separator: "/")
    }

    /// Whether `raw` (as sent, and percent-decoded) holds a secret.
    private static func holdsSecret(_ raw: String, _ scrubber: SecretScrubber) -> Bool {
        if scrubber.containsSecret(raw) { return true }
        guard raw.contains("%") || raw.contains("+") else { return false }
        return scrubber.containsSecret(PercentEncoding.decode(raw, plusAsSpace: true))
    }
}
