import DrydockHTTP

/// The proxy's own answers (never a service's): plain text naming what went wrong, with an RFC 9209
/// `Proxy-Status` header so a client (or a person reading curl -v) can tell them from an emulator's.
struct ProxyReply {
    let status: Int
    let reason: String
    let body: String
    /// RFC 9209 error type for `Proxy-Status`.
    let errorType: String

    /// As the edge serves it (through `HTTPServer`, which adds framing headers).
    var response: HTTPResponse {
        var response = HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", text: body)
        response.headers.set("Proxy-Status", "drydock; error=\(errorType)")
        return response
    }

    /// As the proxy front writes it on a connection it then closes.
    var bytes: [UInt8] {
        let text = "HTTP/1.1 \(status) \(reason)\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\n"
            + "Proxy-Status: drydock; error=\(errorType)\r\n"
            + "Connection: close\r\n\r\n" + body
        return Array(text.utf8)
    }
}

enum ProxyReplies {
    /// What a client hears once its CONNECT is accepted; the TLS handshake follows.
    static let established = Array("HTTP/1.1 200 Connection established\r\n\r\n".utf8)

    static func badRequest(_ detail: String) -> ProxyReply {
        ProxyReply(status: 400, reason: "Bad Request", body: "Drydock proxy: bad request: \(detail)\n", errorType: "http_request_error")
    }

    /// A host (or port) the emulators do not stand in for. `reason` names it already.
    static func refused(host: HostName, port: Int, reason: String) -> ProxyReply {
        ProxyReply(
            status: 403, reason: "Forbidden",
            body: "Drydock refused \(host.urlForm):\(port): \(reason). Nothing was sent there; the attempt is journalled as egress.blocked.\n",
            errorType: "http_request_denied")
    }

    static func requestTimeout(seconds: Int) -> ProxyReply {
        ProxyReply(status: 408, reason: "Request Timeout",
                   body: "Drydock proxy: no complete request head within \(seconds) s\n", errorType: "http_request_error")
    }

    static func headTooLarge(limit: Int) -> ProxyReply {
        ProxyReply(status: 431, reason: "Request Header Fields Too Large",
                   body: "Drydock proxy: the request head is larger than \(limit) bytes\n", errorType: "http_request_error")
    }

    static func busy(limit: Int) -> ProxyReply {
        ProxyReply(status: 503, reason: "Service Unavailable",
                   body: "Drydock proxy: \(limit) connections are open already\n", errorType: "connection_limit_reached")
    }

    static func backendUnavailable(_ detail: String) -> ProxyReply {
        ProxyReply(status: 502, reason: "Bad Gateway", body: "Drydock proxy: the emulators cannot be reached: \(detail)\n",
                   errorType: "destination_unavailable")
    }
}
