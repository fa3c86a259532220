extension HTTPClient {
    /// Timeouts and identity for every request a client sends.
    public struct Configuration: Sendable, Equatable {
        /// Seconds to establish the TCP (and TLS) connection.
        public var connectTimeout: Double
        /// Seconds for the whole exchange; `ClientRequest.timeout` overrides it per request.
        public var totalTimeout: Double
        /// The `User-Agent` sent unless a request sets its own.
        public var userAgent: String
        /// Idle connections (libcurl handles) kept for reuse; more concurrent requests still run, their
        /// handles are just closed afterwards.
        public var maxIdleConnections: Int

        public init(
            connectTimeout: Double = 10, totalTimeout: Double = 30, userAgent: String = "drydock/0.1",
            maxIdleConnections: Int = 8
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.userAgent = userAgent
            self.maxIdleConnections = maxIdleConnections
        }
    }
}
