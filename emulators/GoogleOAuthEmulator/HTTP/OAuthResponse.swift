import DrydockCore
import DrydockHTTP

/// Responses shaped like those of `oauth2.googleapis.com`: pretty-printed JSON (two-space indent, no
/// trailing newline) with the endpoint's no-cache headers.
enum OAuthResponse {
    /// The headers Google's token, tokeninfo and revoke endpoints send with every JSON answer.
    static var headers: HTTPHeaders {
        [
            "Content-Type": "application/json; charset=utf-8",
            "Cache-Control": "no-cache, no-store, max-age=0, must-revalidate",
            "Pragma": "no-cache",
            "Expires": "Mon, 01 Jan 1990 00:00:00 GMT",
            "Vary": "Origin, X-Origin, Referer",
            "Server": "scaffolding on HTTPServer2",
            "X-XSS-Protection": "0",
            "X-Frame-Options": "SAMEORIGIN",
            "X-Content-Type-Options": "nosniff",
        ]
    }

    static func json(_ status: Int, _ body: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.serialized(pretty: true).utf8))
    }
}
