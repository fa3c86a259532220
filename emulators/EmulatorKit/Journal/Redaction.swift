import DrydockHTTP

/// Keeps secrets out of the journal and the log: the values of credential-bearing query parameters become
/// `REDACTED`. Bodies and headers (Authorization) are never recorded at all.
public enum Redaction {
    /// Query parameter names (compared case-insensitively) whose values are secrets: OAuth tokens, codes
    /// and client secrets, Google API keys, and SigV4 presigned-URL credentials.
    public static let sensitiveParameters: Set<String> = [
        "token", "access_token", "refresh_token", "id_token", "client_secret", "code", "key", "password",
        "assertion", "subject_token", "x-amz-signature", "x-amz-credential", "x-amz-security-token",
    ]

    /// The request target with sensitive query values replaced; everything else kept exactly as sent.
    public static func target(_ request: HTTPRequest) -> String {
        let query = request.rawQuery
        guard request.target.contains("?") else { return request.rawPath }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = PercentEncoding.decode(String(pair[..<equals]), plusAsSpace: true).lowercased()
            return sensitiveParameters.contains(name) ? String(pair[...equals]) + "REDACTED" : String(pair)
        }
        return request.rawPath + "?" + pairs.joined(separator: "&")
    }
}
