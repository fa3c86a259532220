/// Starting the interception proxy (or one of its listeners) failed.
public struct InterceptionError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        /// The address could not be bound (in use, not local, no permission for a port below 1024).
        public static let bindFailed = Code(name: "bind-failed")
        /// The edge servers behind the proxy did not start, or the proxy is already running.
        public static let startFailed = Code(name: "start-failed")
        /// The TLS setup failed (OpenSSL).
        public static let tls = Code(name: "tls")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
