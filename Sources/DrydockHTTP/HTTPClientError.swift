/// A transport failure, told apart by what went wrong so callers can decide to retry.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public static let dnsFailure = Code(name: "dns-failure")
        public static let connectionRefused = Code(name: "connection-refused")
        public static let timeout = Code(name: "timeout")
        public static let connectionReset = Code(name: "connection-reset")
        /// The server closed the connection before the whole response arrived.
        public static let truncated = Code(name: "truncated")
        public static let tlsFailure = Code(name: "tls-failure")
        public static let invalidURL = Code(name: "invalid-url")
        public static let other = Code(name: "other")
        public var description: String { name }
    }

    public let code: Code
    /// What happened, with the URL (never its query string, which may carry secrets).
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// Timeouts, resets, refused connections and truncated responses are worth retrying; DNS, TLS and
    /// URL errors are configuration problems.
    public var isTransient: Bool {
        [.timeout, .connectionReset, .truncated, .connectionRefused].contains(code)
    }

    public var description: String { message }
}
