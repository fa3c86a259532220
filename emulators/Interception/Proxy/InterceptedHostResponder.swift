import DrydockHTTP
import EmulatorKit
import Foundation

/// Serves requests addressed to real hosts — decrypted from a TLS tunnel (`scheme` https) or sent in clear
/// (`scheme` http: absolute-form proxy requests, or a plain listener standing in for port 80) — through
/// the host table into the edge router, so there is one set of emulators, one fault engine and one
/// journal whatever the transport.
///
/// The host is the absolute-form target's authority when there is one, else the `Host` header. A host the
/// table does not emulate gets the proxy's 403 and an `egress.blocked` journal entry; nothing is ever
/// forwarded anywhere. The control API (`/_drydock/…`) is not reachable this way: paths are the real
/// hosts' paths.
public final class InterceptedHostResponder: HTTPResponder, Sendable {
    public let router: EdgeRouter
    public let scheme: InterceptedHosts.Scheme

    public init(router: EdgeRouter, scheme: InterceptedHosts.Scheme) {
        self.router = router
        self.scheme = scheme
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        respondWithoutWaiting(to: request).finishingDeferral { delay in
            let (seconds, attoseconds) = delay.components
            Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
        }
    }

    public func respondWithoutWaiting(to request: HTTPRequest) -> HTTPResponse {
        let addressed: AddressedRequest
        switch AddressedRequest.make(request, scheme: scheme) {
        case .success(let made): addressed = made
        case .failure(let problem): return ProxyReplies.badRequest(problem.message).response
        }
        switch InterceptedHosts.destination(of: addressed.request, host: addressed.host, port: addressed.port, scheme: scheme) {
        case .service(let service):
            return router.respondWithoutWaiting(to: addressed.request, service: service)
        case .answer(let response, let service, let operation):
            return router.respond(to: addressed.request, withAnswer: response, service: service, operation: operation)
        case .refused(let reason):
            router.recordBlockedEgress(host: addressed.host.name, via: Self.via(request.method), status: 403)
            return ProxyReplies.refused(host: addressed.host, port: addressed.port, reason: reason).response
        }
    }

    /// The addressed service's choice for a large or chunked body (in memory for anything not served).
    public func bodyPolicy(forHead head: HTTPRequest) -> HTTPBodyPolicy {
        guard case .success(let addressed) = AddressedRequest.make(head, scheme: scheme),
              case .service(let service) = InterceptedHosts.destination(of: addressed.request, host: addressed.host, port: addressed.port, scheme: scheme)
        else { return .inMemory }
        return router.bodyPolicy(forHead: addressed.request, service: service)
    }

    /// The journal's `via` for a refused request: its method, when it is a plain token.
    static func via(_ method: String) -> String {
        method.utf8.count <= 16 && method.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) ? method : "HTTP"
    }
}

/// A request with the host it is addressed to resolved and its target in origin form.
struct AddressedRequest {
    let request: HTTPRequest
    let host: HostName
    let port: Int

    struct Problem: Error { let message: String }

    static func make(_ original: HTTPRequest, scheme: InterceptedHosts.Scheme) -> Result<AddressedRequest, Problem> {
        var request = original
        let authorityText: String
        if let absolute = AbsoluteTarget(original.target) {
            guard absolute.scheme == scheme else {
                return .failure(Problem(message: "\(absolute.scheme.rawValue):// targets are not served here; "
                    + (absolute.scheme == .https ? "send CONNECT host:443 to open a TLS tunnel" : "send them to the proxy in clear text")))
            }
            authorityText = absolute.authority
            request.target = absolute.originForm
            request.headers.set("Host", absolute.authority)
        } else {
            guard original.target.hasPrefix("/") else { return .failure(Problem(message: "the request target must be a path or an absolute http:// URL")) }
            guard let host = original.headers["Host"], !host.isEmpty else { return .failure(Problem(message: "the request has no Host header")) }
            authorityText = host
        }
        guard let (host, port) = HostName.authority(authorityText, defaultPort: scheme == .https ? 443 : 80) else {
            return .failure(Problem(message: "\"\(authorityText.prefix(80))\" is not a valid host[:port]"))
        }
        // Meant for the proxy, never for the service behind it.
        request.headers.remove("Proxy-Authorization")
        request.headers.remove("Proxy-Connection")
        return .success(AddressedRequest(request: request, host: host, port: port))
    }
}

/// `http://authority/path?query` split into its parts (scheme case-insensitive; no user-info allowed).
struct AbsoluteTarget {
    let scheme: InterceptedHosts.Scheme
    let authority: String
    /// `/path?query`, `/` when the URL has no path.
    let originForm: String

    init?(_ target: String) {
        let lowered = target.prefix(8).lowercased()
        let schemeLength: Int
        if lowered.hasPrefix("http://") {
            scheme = .http
            schemeLength = 7
        } else if lowered.hasPrefix("https://") {
            scheme = .https
            schemeLength = 8
        } else {
            return nil
        }
        let rest = target.dropFirst(schemeLength)
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        authority = String(rest[..<end])
        var origin = String(rest[end...])
        if let fragment = origin.firstIndex(of: "#") { origin = String(origin[..<fragment]) }
        if origin.hasPrefix("?") || origin.isEmpty { origin = "/" + origin }
        originForm = origin
        if authority.contains("@") { return nil }
    }
}
