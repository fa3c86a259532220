import Foundation

/// A transport that hands each request straight to a responder, with no socket. Transport faults a
/// responder asks for become the errors a real socket would produce, so production code is tested
/// against emulators in-process exactly as it runs against them live. It asks for the finished answer
/// (`respond(to:)`), and runs any `.deferred` work inline, sleeping its delay on the calling thread.
public struct InProcessTransport: HTTPTransport {
    public let responder: any HTTPResponder

    public init(_ responder: any HTTPResponder) { self.responder = responder }

    public func send(_ request: ClientRequest) throws -> HTTPResponse {
        let url = try ParsedURL(request.url)
        var headers = request.headers
        if !headers.contains("Host") { headers.add("Host", url.authority) }
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            headers.set("Content-Length", String(request.body.count))
        }
        // Deferred work (a responder's own `latency`) runs inline: this transport has a thread to spend.
        let response = responder.respond(to: HTTPRequest(
            method: request.method, target: url.target, headers: headers, body: request.body,
            remoteAddress: "127.0.0.1")
        ).finishingDeferral { delay in
            let (seconds, attoseconds) = delay.components
            Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
        }.materialized()
        switch response.delivery {
        case .normal:
            return response
        case .reset:
            throw HTTPClientError(code: .connectionReset, message: "connection reset by peer (\(url.redacted))")
        case .closeMidBody(let bytes):
            throw HTTPClientError(
                code: .truncated,
                message: "connection closed after \(bytes) of \(response.body.count) body bytes (\(url.redacted))")
        case .hang, .deferred:
            // `.deferred` cannot remain after `finishingDeferral`; it reads as the hang it would be.
            throw HTTPClientError(code: .timeout, message: "request timed out with no response (\(url.redacted))")
        }
    }
}

/// The parts of an absolute http(s) URL a transport needs.
public struct ParsedURL: Sendable, Equatable {
    public let scheme: String
    public let host: String
    public let port: Int
    /// `host[:port]` as written.
    public let authority: String
    /// Path plus query, at least `/`.
    public let target: String

    public init(_ text: String) throws {
        guard let schemeEnd = text.range(of: "://") else {
            throw HTTPClientError(
                code: .invalidURL, message: "invalid URL '\(Self.redact(text))': expected http:// or https://")
        }
        scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw HTTPClientError(code: .invalidURL, message: "invalid URL: unsupported scheme '\(scheme)'")
        }
        let rest = text[schemeEnd.upperBound...]
        let slash = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        authority = String(rest[..<slash])
        let path = String(rest[slash...])
        target = path.isEmpty ? "/" : (path.hasPrefix("?") ? "/" + path : path)
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            host = String(authority[..<colon])
            guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else {
                throw HTTPClientError(code: .invalidURL, message: "invalid URL: bad port in '\(authority)'")
            }
            port = p
        } else {
            host = authority
            port = scheme == "https" ? 443 : 80
        }
        guard !host.isEmpty else { throw HTTPClientError(code: .invalidURL, message: "invalid URL: no host") }
    }

    /// The URL without query, fragment or user-info, which may carry secrets; safe for messages and logs.
    public var redacted: String { Self.redact("\(scheme)://\(authority)\(target)") }

    /// Any URL text, parsed or not, without query, fragment or user-info; safe for messages and logs.
    public static func redact(_ url: String) -> String { HTTPClientRedaction.redact(url) }
}
