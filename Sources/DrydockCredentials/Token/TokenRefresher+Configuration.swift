extension TokenRefresher {
    /// Tunables, all in seconds. The defaults suit production; tests shrink them and pass a `ManualClock`.
    public struct Configuration: Sendable {
        /// Google's OAuth 2.0 token endpoint, used unless `GOOGLE_OAUTH_TOKEN_URI` or the client-secrets
        /// file's `token_uri` says otherwise.
        public static let defaultTokenURI = "https://oauth2.googleapis.com/token"

        /// Refresh proactively when the cached token has this little life left (capped at half the
        /// token's lifetime).
        public var refreshThreshold: Double
        /// One overall limit for a refresh: waiting for the lock, every request and every backoff wait.
        public var deadline: Double
        /// The longest a single token request may take (cut to what is left of the deadline).
        public var requestTimeout: Double
        /// How often a process waiting for the refresh lock tries again.
        public var lockPollInterval: Double
        /// Waits between retries of transient failures when the server sends no `Retry-After`.
        public var backoff: RetryBackoff

        public init(
            refreshThreshold: Double = 300, deadline: Double = 60, requestTimeout: Double = 30,
            lockPollInterval: Double = 0.05, backoff: RetryBackoff = RetryBackoff()
        ) {
            self.refreshThreshold = refreshThreshold
            self.deadline = deadline
            self.requestTimeout = requestTimeout
            self.lockPollInterval = lockPollInterval
            self.backoff = backoff
        }
    }
}
