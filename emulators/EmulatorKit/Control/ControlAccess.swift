import DrydockCrypto
import DrydockHTTP
import Foundation

/// Who may use the control API (`/_drydock/…`), so a web page a developer happens to visit cannot drive
/// the emulators running on their machine, and nobody else on the network can when they listen beyond
/// loopback.
///
/// A control request is answered only when:
/// - its `Host` names the edge: the address it listens on, or `localhost`, `127.0.0.1`, `[::1]`, always
///   with the port it listens on (a DNS-rebinding page sends its own name). On a wildcard address
///   (`0.0.0.0`, `::`) any IP literal is accepted too, plus ``extraHostNames``. A request without `Host`
///   is refused unless it never crossed a socket (`remoteAddress == nil`: a call in the same process);
/// - it carries no `Origin`, or one whose host and port are among those (`Origin: null` is foreign);
/// - with a ``token``, it carries `Authorization: Bearer <token>` (compared in constant time), except
///   `GET /_drydock/health`, which reveals only the service names and serves as a readiness probe;
/// - it is a `POST` (or a `DELETE` with a body) with `Content-Type: application/json`, so no page can send
///   it as a CORS-simple request (checked by the router once the endpoint and method are known).
///
/// Refusals: 403 for the host or origin, 401 with `WWW-Authenticate: Bearer` for a missing or wrong token,
/// 415 for the content type, each with `{"error": …}` naming what was wrong.
public struct ControlAccess: Sendable, Equatable {
    /// The host the edge listens on (`127.0.0.1`, `::1`, `0.0.0.0`, a name); nil until the server has
    /// bound, when loopback names on any port are accepted.
    public var listeningHost: String?
    /// The port the edge listens on; nil until the server has bound.
    public var listeningPort: Int?
    /// More host names accepted in `Host` and `Origin` (on the listening port), e.g. the machine's name when
    /// listening on every interface.
    public var extraHostNames: [String]
    /// The bearer token control requests must carry; nil for none.
    public var token: String?

    public init(listeningHost: String? = nil, listeningPort: Int? = nil, extraHostNames: [String] = [], token: String? = nil) {
        self.listeningHost = listeningHost
        self.listeningPort = listeningPort
        self.extraHostNames = extraHostNames
        self.token = token
    }

    /// `localhost`, `127.0.0.1`, `::1`.
    public static let loopbackNames = ["localhost", "127.0.0.1", "::1"]

    /// Whether `host` (a name or an IP literal, brackets optional) is a loopback address: `localhost`,
    /// 127.0.0.0/8 or `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        let host = Authority.normalized(host)
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { $0.elementsEqual([UInt8](repeating: 0, count: 15) + [1]) }
        }
        return false
    }

    /// A new random control token: 32 bytes from the CSPRNG in base64url (43 characters).
    public static func generateToken() -> String { SecureRandom.token(bytes: 32) }

    /// Whether `host` is the wildcard address (every interface).
    public static func isWildcard(_ host: String) -> Bool {
        ["0.0.0.0", "::", ""].contains(Authority.normalized(host))
    }

    // MARK: Checks

    /// Nil when `request` may reach the control API, else the refusal.
    func refusal(of request: HTTPRequest) -> ControlError? {
        if let problem = hostProblem(request) ?? originProblem(request) {
            return ControlError(status: 403, message: problem)
        }
        if let token, !isHealthCheck(request), !Self.carries(token, request) {
            let presented = request.headers["Authorization"] == nil ? "no Authorization header" : "a wrong bearer token"
            return ControlError(
                status: 401,
                message: "the control API needs Authorization: Bearer <token> (the --control-token given to drydock emulators serve, "
                    + "or DRYDOCK_CONTROL_TOKEN from its export lines); this request has \(presented)",
                headers: ["WWW-Authenticate": #"Bearer realm="drydock-control""#])
        }
        return nil
    }

    private func hostProblem(_ request: HTTPRequest) -> String? {
        guard let host = request.headers["Host"] else {
            guard request.remoteAddress != nil else { return nil }
            return "the control API needs a Host header naming \(expected)"
        }
        guard let authority = Authority(host, defaultPort: 80), admits(authority) else {
            return "the control API answers only requests addressed to \(expected), not Host \(Self.quoted(host)) "
                + "(a page on another site must not reach it through DNS rebinding)"
        }
        return nil
    }

    private func originProblem(_ request: HTTPRequest) -> String? {
        guard let origin = request.headers["Origin"] else { return nil }
        if let authority = Authority(origin: origin), admits(authority) { return nil }
        return "the control API refuses requests from web pages of another origin (Origin \(Self.quoted(origin))); "
            + "use it from scripts, or from a page served at \(expected)"
    }

    /// What a refusal says is accepted: `127.0.0.1, localhost or [::1] on port 8580`.
    private var expected: String {
        var names = Self.loopbackNames.map(Authority.bracketed)
        guard let listeningPort else { return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1] }
        names += extraHostNames
        if let listeningHost, !Self.isWildcard(listeningHost) {
            let own = Authority.normalized(listeningHost)
            names.removeAll { Authority.normalized($0) == own }
            names.insert(Authority.bracketed(own), at: 0)
        } else {
            names.append("any IP address")
        }
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1] + " on port \(listeningPort)"
    }

    func admits(_ authority: Authority) -> Bool {
        let isLoopbackName = Self.loopbackNames.contains(authority.host)
        guard let listeningPort else { return isLoopbackName }
        guard authority.port == listeningPort else { return false }
        if isLoopbackName || extraHostNames.contains(where: { Authority.normalized($0) == authority.host }) { return true }
        guard let listeningHost else { return false }
        if Self.isWildcard(listeningHost) { return Authority.isIPLiteral(authority.host) }
        return Authority.normalized(listeningHost) == authority.host
    }

    private func isHealthCheck(_ request: HTTPRequest) -> Bool {
        request.method.uppercased() == "GET" && request.path.split(separator: "/") == ["_drydock", "health"]
    }

    /// Whether `request` carries `Authorization: Bearer <token>`; compares SHA-256 digests byte by byte
    /// without stopping early, so timing reveals neither the token's length nor its prefix.
    static func carries(_ token: String, _ request: HTTPRequest) -> Bool {
        guard let header = request.headers["Authorization"] else { return false }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let presented = SHA256.hash(String(parts[1].trimmingCharacters(in: .whitespaces)))
        let wanted = SHA256.hash(token)
        var difference: UInt8 = 0
        for index in 0..<wanted.count { difference |= presented[index] ^ wanted[index] }
        return difference == 0
    }

    /// `"value"`, cut to 100 characters, so a refusal cannot be used to echo arbitrary text at length.
    private static func quoted(_ value: String) -> String {
        "\"" + (value.count > 100 ? String(value.prefix(100)) + "…" : value) + "\""
    }
}

/// A host and port from a `Host` header or an `Origin`.
struct Authority: Equatable {
    /// Lowercased, without IPv6 brackets.
    let host: String
    let port: Int

    /// `host[:port]` (`[::1]:8580`, `localhost`); nil when malformed.
    init?(_ text: String, defaultPort: Int) {
        let text = text.trimmingCharacters(in: .whitespaces)
        var hostPart = Substring(text)
        var portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portPart = rest.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty, !hostPart.contains(where: { $0 == "/" || $0 == "@" || $0 == " " }) else { return nil }
        host = hostPart.lowercased()
        if let portPart {
            guard portPart.count <= 5, portPart.allSatisfy(\.isASCII), let port = Int(portPart), (1...65535).contains(port) else {
                return nil
            }
            self.port = port
        } else {
            port = defaultPort
        }
    }

    /// From an `Origin` (`http://127.0.0.1:8580`); nil for `null`, other schemes, or anything malformed.
    init?(origin: String) {
        let origin = origin.trimmingCharacters(in: .whitespaces).lowercased()
        for (scheme, port) in [("http://", 80), ("https://", 443)] where origin.hasPrefix(scheme) {
            var rest = origin.dropFirst(scheme.count)
            if rest.hasSuffix("/") { rest = rest.dropLast() }
            self.init(String(rest), defaultPort: port)
            return
        }
        return nil
    }

    /// Lowercased, without IPv6 brackets.
    static func normalized(_ host: String) -> String {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    /// `[::1]` for IPv6 literals, the host as is otherwise.
    static func bracketed(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

    static func isIPLiteral(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
