import DrydockCore
import Foundation

/// Time to Live expiry: items whose TTL attribute holds a time in the past are deleted by DynamoDB
/// itself, as its background process does.
///
/// DynamoDB's rules (API Reference, UpdateTimeToLive; Developer Guide, "Computing time to live"): the
/// attribute must be a top-level Number of epoch seconds; an item is expired when that time is less
/// than the current time; any other type (or no attribute) never expires, and neither does a value
/// more than five years in the past. Deletion is best-effort ("typically within a few days"); expired
/// items not yet deleted still show in reads. Each deletion leaves the table and its indexes like a
/// DeleteItem, and writes a stream `REMOVE` record with `userIdentity` naming the service.
///
/// Here the sweep runs on the emulator's clock, deterministically: at most once per `sweepInterval`
/// of clock time, checked before every request (so advancing the virtual clock deletes what expired
/// before the next request is answered) and through `performDueWork(now:)`, which the edge calls on a
/// clock advance and on its periodic tick. An item is deleted once it has been expired for
/// `timeToLiveDeletionDelay` seconds (0 by default: at the first sweep after its time), so a test can
/// keep expired-but-not-yet-deleted items readable by setting a delay. With a data directory every
/// sweep's deletions are one logged write (`TimeToLiveExpiry`), replayed after a restart.
extension DynamoDBEmulator {
    /// The log action of a sweep's deletions (not a DynamoDB action; clients cannot send it).
    static let timeToLiveExpiryAction = "TimeToLiveExpiry"

    /// How often (in clock seconds) the sweep looks for expired items.
    static let sweepInterval: TimeInterval = 1

    /// TTL values further back than this are never expired (Developer Guide: "the TTL must not be more
    /// than five years old"; five 365-day years assumed).
    static let timeToLiveHorizon: TimeInterval = 5 * 365 * 24 * 60 * 60

    /// When the sweep is due at `now`, deletes every expired item (see the type's documentation) and
    /// returns what it deleted per table; otherwise returns nothing. Cheap when not due: one atomic read.
    @discardableResult
    func sweepIfDue(now: Date) -> [ExpirySweep] {
        let millis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let due = nextSweepMillis.load(ordering: .relaxed)
        let interval = Int64(Self.sweepInterval * 1000)
        // Also due when the clock went back (a reset): the next sweep is then more than one interval on.
        guard millis >= due || millis < due - interval,
              nextSweepMillis.compareExchange(
                expected: due, desired: millis + interval, ordering: .relaxed).exchanged
        else { return [] }
        return expireItems(now: now)
    }

    /// Deletes every item expired at `now` (minus the deletion delay) in every table with TTL enabled,
    /// whether or not a sweep is due; returns what it deleted, per table. Each table's deletions are
    /// found and applied in one locked step (a write racing the sweep is never undone), and with a data
    /// directory logged as exactly what was deleted.
    @discardableResult
    public func expireItems(now: Date) -> [ExpirySweep] {
        let cutoff = now.timeIntervalSince1970 - timeToLiveDeletionDelay
        let tables: [(region: String, table: String)] = state.withLock { state in
            state.regions.flatMap { region, regionState in
                regionState.tables.filter { $0.value.timeToLiveAttribute != nil }.map { (region, $0.key) }
            }
        }.sorted { ($0.region, $0.table) < ($1.region, $1.table) }
        var done: [ExpirySweep] = []
        for (region, name) in tables {
            let apply = { () throws(DynamoDBError) -> ExpirySweep in
                self.deleteExpired(region: region, table: name, cutoff: cutoff, now: now)
            }
            do {
                let sweep: ExpirySweep
                if let store {
                    sweep = try store.commit(
                        record: { sweep -> JSONValue? in
                            // Spelled out: JSONValue takes a nil literal as JSON null, which would be logged.
                            guard !sweep.keys.isEmpty else { return Optional<JSONValue>.none }
                            return LogRecord(at: now, region: region, action: Self.timeToLiveExpiryAction, request: sweep.request).json
                        },
                        snapshot: { snapshotFiles() }, apply)
                } else {
                    sweep = try apply()
                }
                if !sweep.keys.isEmpty { done.append(sweep) }
            } catch {
                FileHandle.standardError.write(Data("dynamodb: Time to Live deletions in \(name) not persisted: \(error.message)\n".utf8))
            }
        }
        return done
    }

    /// Deletes the items of one table expired at `cutoff` (as Time to Live: the stream records say so),
    /// keys in key order.
    private func deleteExpired(region: String, table name: String, cutoff: Double, now: Date) -> ExpirySweep {
        state.withLock { state in
            let none = ExpirySweep(region: region, table: name, keys: [])
            guard let found = state.regions[region]?.tables[name], let attribute = found.timeToLiveAttribute else { return none }
            let expired = found.items.compactMap { key, item in
                Self.isExpired(item[attribute], cutoff: cutoff, now: now) ? key : nil
            }.sorted()
            // Taken out of the state while it changes, so its storage is not copied (as the item writes do).
            guard !expired.isEmpty, var table = state.regions[region]?.tables.removeValue(forKey: name) else { return none }
            defer { state.store(table, region: region) }
            var keys: [Item] = []
            for key in expired {
                if let old = table.delete(key, byTimeToLive: true) { keys.append(table.keySchema.keyItem(of: old)) }
            }
            return ExpirySweep(region: region, table: name, keys: keys)
        }
    }

    /// Whether a TTL attribute's `value` is a Number of epoch seconds below `cutoff` and not more than
    /// five years before `now`.
    static func isExpired(_ value: AttributeValue?, cutoff: Double, now: Date) -> Bool {
        guard case .n(let number) = value, let seconds = Double(number.description), seconds.isFinite else { return false }
        return seconds < cutoff && seconds >= now.timeIntervalSince1970 - timeToLiveHorizon
    }

    /// Deletes logged keys still present (a replayed sweep), as Time to Live.
    func applyExpiry(_ sweep: ExpirySweep) {
        state.withLock { state in
            guard var table = state.regions[sweep.region]?.tables.removeValue(forKey: sweep.table) else { return }
            defer { state.store(table, region: sweep.region) }
            for keyItem in sweep.keys {
                guard let key = table.keySchema.key(of: keyItem) else { continue }
                table.delete(key, byTimeToLive: true)
            }
        }
    }

    /// Replays a logged sweep (`{"TableName": …, "Keys": [{…}, …]}`).
    func replayExpiry(_ call: DynamoDBCall) throws(DynamoDBError) {
        guard let name = try call.body.string("TableName") else { throw .missing("tableName") }
        var keys: [Item] = []
        for value in try call.body.array("Keys") ?? [] {
            guard case .object = value else { throw .validation("Keys must hold key objects") }
            keys.append(try AttributeValue.decodeMap(value))
        }
        applyExpiry(ExpirySweep(region: call.region, table: name, keys: keys))
    }
}

/// The items one sweep deleted from one table: their keys.
public struct ExpirySweep: Sendable, Equatable {
    public let region: String
    public let table: String
    let keys: [Item]

    public var count: Int { keys.count }

    /// The sweep as its log record's request.
    var request: JSONValue {
        ["TableName": .string(table), "Keys": .array(keys.map { Item.json($0) })]
    }
}
