/// How many requests the journal has seen per service and operation, whatever it has since dropped.
extension Journal {
    /// A service and one of its operations (`gmail`, `users.messages.list`), and the region a request
    /// was for where the service has regions (DynamoDB's, from the SigV4 scope).
    public struct OperationKey: Hashable, Sendable, Comparable, CustomStringConvertible {
        public let service: String
        public let operation: String
        public let region: String?

        public init(service: String, operation: String, region: String? = nil) {
            self.service = service
            self.operation = operation
            self.region = region
        }

        public static func < (a: OperationKey, b: OperationKey) -> Bool {
            (a.service, a.region ?? "", a.operation) < (b.service, b.region ?? "", b.operation)
        }

        /// `gmail.users.messages.list`, `dynamodb[region=us-west-2].Query`
        public var description: String { service + (region.map { "[region=\($0)]" } ?? "") + "." + operation }
    }

    /// Requests recorded since the journal was created, by service and operation. Unlike `entries`, the
    /// totals are neither trimmed to `capacity` nor emptied by `clear()` (`POST /_drydock/reset`): they
    /// are the whole story of a run, which `drydock exec` reports and checks `--expect` against.
    public var totals: [OperationKey: Int] {
        state.withLock { $0.totals }
    }
}
