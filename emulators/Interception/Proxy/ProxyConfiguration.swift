extension InterceptingProxy {
    /// What the proxy tolerates from clients. Every wait has a deadline, so no client can hold a thread
    /// longer than these.
    public struct Configuration: Sendable, Equatable {
        /// The largest CONNECT request head read (431 past it).
        public var maxHeadBytes: Int
        /// How long a client has to send its CONNECT head (408 past it), or anything at all.
        public var headTimeout: Duration
        /// How long a TLS handshake may take before the connection is closed.
        public var handshakeTimeout: Duration
        /// How long a tunnel may carry nothing either way. Above the edge's longest `hang` fault (300 s),
        /// so a hang reaches the client as a hang; the edge itself closes idle keep-alive connections after
        /// 30 s, which ends the tunnel sooner in the ordinary case.
        public var idleTimeout: Duration
        /// Connections served at once (each has a thread); past it a client gets 503 and is closed.
        public var connectionLimit: Int

        public init(
            maxHeadBytes: Int = 16 * 1024, headTimeout: Duration = .seconds(10), handshakeTimeout: Duration = .seconds(10),
            idleTimeout: Duration = .seconds(330), connectionLimit: Int = 256
        ) {
            self.maxHeadBytes = maxHeadBytes
            self.headTimeout = headTimeout
            self.handshakeTimeout = handshakeTimeout
            self.idleTimeout = idleTimeout
            self.connectionLimit = connectionLimit
        }
    }
}
