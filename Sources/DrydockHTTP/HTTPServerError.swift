/// A server that could not start: which address, and why.
public struct HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The host did not resolve to an address, or the configuration is out of range.
        public static let invalidAddress = Code(name: "invalid-address")
        /// socket/bind/listen failed (port in use, address not local, permission denied…).
        public static let bindFailed = Code(name: "bind-failed")
        /// libmicrohttpd refused to start its daemon.
        public static let startFailed = Code(name: "start-failed")
        /// `start()` was called on a running server.
        public static let alreadyRunning = Code(name: "already-running")
        public var description: String { name }
    }

    public let code: Code
    /// What failed, naming `host:port` and the system's reason.
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
