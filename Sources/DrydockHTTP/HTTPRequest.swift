/// A request as a server receives it, or as a client sends it.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The request target exactly as sent: path plus optional `?query`, still percent-encoded.
    public var target: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The peer's IP address when the request came over a socket; nil in-process.
    public var remoteAddress: String?
    /// The body when the responder had it spooled to a file (`HTTPBodyPolicy.spool`); `body` is then empty.
    public var bodyFile: HTTPBodyFile?

    public init(
        method: String, target: String, headers: HTTPHeaders = [:], body: [UInt8] = [], remoteAddress: String? = nil,
        bodyFile: HTTPBodyFile? = nil
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.bodyFile = bodyFile
    }

    /// The path part of the target, still percent-encoded.
    public var rawPath: String {
        // The UTF-8 view: `firstIndex(of:)` on the String compares Characters, many times slower, and
        // routing reads the path several times a request.
        if let q = target.utf8.firstIndex(of: UInt8(ascii: "?")) { return String(target[..<q]) }
        return target
    }

    /// The path part of the target, percent-decoded (invalid escapes are kept as written).
    public var path: String { PercentEncoding.decode(rawPath, plusAsSpace: false) }

    /// The raw query string after `?`, or "".
    public var rawQuery: String {
        if let q = target.utf8.firstIndex(of: UInt8(ascii: "?")) { return String(target[target.utf8.index(after: q)...]) }
        return ""
    }

    /// The query as decoded name/value pairs in order (`+` decodes to a space, as in forms).
    public var queryItems: [(name: String, value: String)] { FormEncoding.decode(rawQuery) }

    /// The first query value for `name`.
    public func query(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }

    /// The body as UTF-8 text (invalid sequences repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.headers == rhs.headers && lhs.body == rhs.body
            && lhs.bodyFile?.path == rhs.bodyFile?.path
    }
}
