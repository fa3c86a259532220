import Foundation

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
        /// The CA bundle TLS peers are verified against; nil: libcurl's built-in default (the system
        /// bundle). Verification itself is always on.
        public var caBundlePath: String?

        public init(
            connectTimeout: Double = 10, totalTimeout: Double = 30, userAgent: String = "drydock/0.1",
            maxIdleConnections: Int = 8, caBundlePath: String? = Configuration.environmentCABundle
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.userAgent = userAgent
            self.maxIdleConnections = maxIdleConnections
            self.caBundlePath = caBundlePath
        }

        /// `CURL_CA_BUNDLE`, else `SSL_CERT_FILE`, from the process environment, as the curl tool and
        /// OpenSSL-based clients read them: so Drydock's own jobs trust what `drydock exec` hands every
        /// program (the sandbox CA's bundle) when they reach the real host names through interception.
        public static let environmentCABundle: String? = {
            let environment = ProcessInfo.processInfo.environment
            return [environment["CURL_CA_BUNDLE"], environment["SSL_CERT_FILE"]].lazy.compactMap { $0 }.first { !$0.isEmpty }
        }()
    }
}
