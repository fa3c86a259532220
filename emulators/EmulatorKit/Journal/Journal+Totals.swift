/// How many requests the journal has seen per service and operation, whatever it has since dropped.
extension Journal {
    /// A service and one of its operations (`gmail`, `users.messages.list`).
    public struct OperationKey: Hashable, Sendable, Comparable, CustomStringConvertible {
        public let service: String
        public let operation: String

        public init(service: String, operation: String) {
            self.service = service
            self.operation = operation
        }

        public static func < (a: OperationKey, b: OperationKey) -> Bool {
            (a.service, a.operation) < (b.service, b.operation)
        }

        /// `gmail.users.messages.list`
        public var description: String { service + "." + operation }
    }

    /// Requests recorded since the journal was created, by service and operation. Unlike `entries`, the
    /// totals are neither trimmed to `capacity` nor emptied by `clear()` (`POST /_drydock/reset`): they
    /// are the whole story of a run, which `drydock exec` reports and checks `--expect` against.
    public var totals: [OperationKey: Int] {
        state.withLock { $0.totals }
    }
}
