/// What production code sends requests through: the libcurl `HTTPClient`, or an `InProcessTransport`
/// that hands requests straight to a responder.
public protocol HTTPTransport: Sendable {
    /// Sends `request` to the absolute `url` (scheme, host, port, path and query).
    /// Throws `HTTPClientError` for transport failures; any HTTP status is a response, not an error.
    func send(_ request: ClientRequest) throws -> HTTPResponse
}

/// A request a client sends.
public struct ClientRequest: Sendable {
    public var method: String
    /// Absolute URL, e.g. `https://oauth2.googleapis.com/token`.
    public var url: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Overrides the client's total timeout for this request, in seconds.
    public var timeout: Double?

    public init(method: String, url: String, headers: HTTPHeaders = [:], body: [UInt8] = [], timeout: Double? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
