extension HTTPServer {
    /// Where a server listens and what it tolerates from clients.
    public struct Configuration: Sendable, Equatable {
        /// The address to bind: an IPv4 or IPv6 literal, or a name that resolves to one.
        public var host: String
        /// The TCP port; 0 picks a free one (read it back from `HTTPServer.port`).
        public var port: Int
        /// Request bodies larger than this get `413 Payload Too Large`. A declared `Content-Length` over
        /// the cap is refused before any of the body is read.
        public var maxBodyBytes: Int
        /// Memory libmicrohttpd may use per connection for the request line, headers and read buffer, so
        /// it also bounds URL and header size: past it the server answers 414 or 431 itself.
        public var connectionMemoryLimit: Int
        /// Idle seconds after which a connection (including a kept-alive one) is closed; 0 means never
        /// (libmicrohttpd's MHD_OPTION_CONNECTION_TIMEOUT semantics).
        public var connectionTimeoutSeconds: Int
        /// Simultaneous connections; more are refused at accept.
        public var connectionLimit: Int
        /// The longest a `.hang` response holds its connection before dropping it.
        public var maxHangSeconds: Double

        public init(
            host: String = "127.0.0.1", port: Int = 0, maxBodyBytes: Int = 10 * 1024 * 1024,
            connectionMemoryLimit: Int = 64 * 1024, connectionTimeoutSeconds: Int = 30,
            connectionLimit: Int = 1000, maxHangSeconds: Double = 300
        ) {
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.connectionMemoryLimit = connectionMemoryLimit
            self.connectionTimeoutSeconds = connectionTimeoutSeconds
            self.connectionLimit = connectionLimit
            self.maxHangSeconds = maxHangSeconds
        }
    }
}
