import DrydockCore
import Foundation
import Synchronization

/// Every request the edge routed, newest last, bounded to roughly the last `capacity` entries so a
/// long-running edge does not grow without limit. Thread-safe.
public final class Journal: Sendable {
    /// Which entries to return; every criterion given must hold.
    public struct Filter: Sendable, Equatable {
        public var service: String?
        /// Exact operation id or a glob (`users.messages.*`).
        public var operation: String?
        /// Only entries with a sequence number greater than this.
        public var since: Int?

        public init(service: String? = nil, operation: String? = nil, since: Int? = nil) {
            self.service = service
            self.operation = operation
            self.since = since
        }

        func admits(_ entry: JournalEntry) -> Bool {
            if let service, entry.service != service { return false }
            if let operation, !Glob.matches(operation, entry.operation) { return false }
            if let since, entry.sequence <= since { return false }
            return true
        }
    }

    struct State {
        var entries: [JournalEntry] = []
        var lastSequence = 0
        /// Requests per service and operation since the journal was created (see `totals`).
        var totals: [OperationKey: Int] = [:]
    }

    let state = Mutex(State())
    public let capacity: Int

    public init(capacity: Int = 10_000) { self.capacity = max(1, capacity) }

    /// Appends an entry, assigning its sequence number. `path` must already be redacted
    /// (`Redaction.target`); the method and operation, which a client may also choose, are scrubbed here.
    @discardableResult
    func record(
        time: Date, service: String, operation: String, method: String, path: String, status: Int?,
        delivery: String, latencyMs: Double, fault: FaultTrace?, region: String? = nil
    ) -> JournalEntry {
        let method = Redaction.shapes.scrub(method), operation = Redaction.shapes.scrub(operation)
        return state.withLock { state in
            state.lastSequence += 1
            let entry = JournalEntry(
                sequence: state.lastSequence, time: time, service: service, operation: operation, method: method,
                path: path, status: status, delivery: delivery, latencyMs: latencyMs, fault: fault)
            state.entries.append(entry)
            state.totals[OperationKey(service: service, operation: operation, region: region), default: 0] += 1
            if state.entries.count > capacity {
                // Drop a tenth at once so trimming costs O(1) amortised per request.
                state.entries.removeFirst(max(state.entries.count - capacity, capacity / 10))
            }
            return entry
        }
    }

    /// The entries `filter` admits, oldest first.
    public func entries(_ filter: Filter = Filter()) -> [JournalEntry] {
        state.withLock { $0.entries.filter(filter.admits) }
    }

    public var count: Int { state.withLock { $0.entries.count } }

    /// The last sequence number assigned (0 before any request).
    public var lastSequence: Int { state.withLock { $0.lastSequence } }

    /// Forgets every entry; returns how many there were. Sequence numbers keep counting up.
    @discardableResult
    public func clear() -> Int {
        state.withLock { state in
            defer { state.entries.removeAll() }
            return state.entries.count
        }
    }
}
