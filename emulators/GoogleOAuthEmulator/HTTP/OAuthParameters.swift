import DrydockHTTP
import Foundation

/// The parameters of a request to an OAuth endpoint: the query string and an
/// `application/x-www-form-urlencoded` body, merged (Google reads both), plus HTTP Basic client
/// credentials when present.
struct OAuthParameters {
    private(set) var pairs: [(name: String, value: String)]
    /// `Authorization: Basic base64(client_id:client_secret)`, each part form-decoded (RFC 6749 §2.3.1).
    private(set) var basicCredentials: (clientID: String, clientSecret: String)?

    /// The first non-empty value of `name`.
    func value(_ name: String) -> String? {
        pairs.first { $0.name == name && !$0.value.isEmpty }?.value
    }

    /// The most fields a form body may have: 1,000 (assumed; a token request has five or six). More is
    /// 400 `invalid_request` before anything is decoded, so a body of a million `&`s costs a scan.
    static let maximumFields = 1_000

    /// Reads `request`'s parameters. A body that is not a form (by `Content-Type`), is not UTF-8 or has
    /// more than `maximumFields` fields fails with 400 `invalid_request`; a missing `Content-Type` is
    /// read as a form, as curl and most clients send.
    static func parse(_ request: HTTPRequest) -> Result<OAuthParameters, OAuthError> {
        var parameters = OAuthParameters(pairs: request.queryItems)
        if !request.body.isEmpty {
            let mediaType = request.headers["Content-Type"]
                .map { $0.split(separator: ";", maxSplits: 1).first.map(String.init) ?? "" }?
                .trimmingCharacters(in: .whitespaces).lowercased()
            guard mediaType == nil || mediaType == "application/x-www-form-urlencoded" else {
                return .failure(.unreadableBody)
            }
            var separators = 0
            for byte in request.body where byte == UInt8(ascii: "&") { separators += 1 }
            guard separators < maximumFields else { return .failure(.unreadableBody) }
            guard let text = String(validating: request.body, as: UTF8.self) else { return .failure(.unreadableBody) }
            parameters.pairs += FormEncoding.decode(text)
        }
        parameters.basicCredentials = basic(request.headers["Authorization"])
        return .success(parameters)
    }

    private static func basic(_ header: String?) -> (clientID: String, clientSecret: String)? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
              let decoded = String(data: data, encoding: .utf8),
              let colon = decoded.firstIndex(of: ":")
        else { return nil }
        let id = PercentEncoding.decode(String(decoded[..<colon]), plusAsSpace: true)
        let secret = PercentEncoding.decode(String(decoded[decoded.index(after: colon)...]), plusAsSpace: true)
        return id.isEmpty ? nil : (id, secret)
    }
}
