import DrydockCore
import Foundation

/// A table's DynamoDB stream: its identity, its one shard, and the records of the last 24 hours.
///
/// A value inside its `Table` (so every item write records in the same atomic step, and a failed
/// batch or transaction, which never reaches `Table.put`/`delete`, records nothing). When the stream
/// is disabled it stays on the table (DescribeTable keeps `LatestStreamArn`) with its shard closed;
/// when a new stream replaces it or its table is deleted it moves to `RegionState.retiredStreams`,
/// readable for 24 hours as DynamoDB keeps it.
///
/// One shard per stream: DynamoDB splits shards as partitions grow and rolls them about every four
/// hours; clients that follow `ParentShardId` work the same with one shard that never splits.
/// Records live in memory only (not in a data directory's log or snapshots).
struct TableStream: Sendable {
    let arn: String
    let label: String
    let tableName: String
    let region: String
    let viewType: StreamViewType
    let keySchema: KeySchema
    let createdAt: Date
    let shardID: String
    /// The first sequence number of the shard.
    let startingSequence: UInt64
    /// Oldest first; older than `retention` is trimmed.
    private(set) var records: [StreamRecord] = []
    /// The sequence number the next record gets.
    private(set) var nextSequence: UInt64
    /// Sequence numbers below this were trimmed (or never existed).
    private(set) var trimmedBelow: UInt64
    /// When the stream was disabled (its table's stream turned off, replaced, or the table deleted).
    private(set) var disabledAt: Date?
    /// Stamps records (the emulator's clock, virtual in tests).
    private(set) var clock: any WallClock

    /// DynamoDB Streams keeps records, and a disabled stream, for 24 hours.
    static let retention: TimeInterval = 24 * 60 * 60

    init(table: TableDefinition, viewType: StreamViewType, label: String, clock: any WallClock, now: Date) {
        self.arn = table.arn + "/stream/" + label
        self.label = label
        self.tableName = table.name
        self.region = table.region
        self.viewType = viewType
        self.keySchema = table.keySchema
        self.createdAt = now
        self.clock = clock
        let millis = UInt64(max(0, (now.timeIntervalSince1970 * 1000).rounded(.down)))
        let digits = String(millis)
        let suffix = String(StreamRecord.eventID(streamArn: arn, sequence: 0).prefix(8))
        self.shardID = "shardId-" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + "-" + suffix
        self.startingSequence = 1
        self.nextSequence = 1
        self.trimmedBelow = 1
    }

    /// This stream as an emulator starts with it (loaded from fixtures or a data directory): stamped
    /// by that emulator's `clock`, and without records, which live in memory only. Positions before
    /// the start read as trimmed.
    func restored(clock: any WallClock) -> TableStream {
        var copy = self
        copy.clock = clock
        copy.records = []
        copy.trimmedBelow = nextSequence
        return copy
    }

    var isEnabled: Bool { disabledAt == nil }
    var status: String { isEnabled ? "ENABLED" : "DISABLED" }

    /// The last sequence number the shard holds when it is closed (disabled), for
    /// `EndingSequenceNumber`: the last record's, or the starting one for a shard that got none.
    var endingSequence: UInt64? {
        guard !isEnabled else { return nil }
        return max(startingSequence, nextSequence - 1)
    }

    // MARK: Recording

    /// Records the change from `old` to `new` (nil = absent) of one item, as `Table.put`/`delete` call
    /// it. Nothing is recorded when the stream is disabled, or when the write changed nothing (DynamoDB
    /// writes no record for a PutItem or UpdateItem that leaves the item as it was, nor a DeleteItem of
    /// a missing item).
    mutating func record(old: Item?, new: Item?, byTimeToLive: Bool = false) {
        guard isEnabled, old != new, let any = new ?? old else { return }
        let now = clock.now()
        trim(now: now)
        let event: StreamRecord.Event = old == nil ? .insert : (new == nil ? .remove : .modify)
        records.append(StreamRecord(
            sequence: nextSequence, event: event, createdAt: now, keys: keySchema.keyItem(of: any),
            newImage: viewType.includesNewImage ? new : nil, oldImage: viewType.includesOldImage ? old : nil,
            byTimeToLive: byTimeToLive))
        nextSequence += 1
    }

    /// Closes the shard: no more records; readers see `DISABLED` and `EndingSequenceNumber`.
    mutating func disable(at now: Date) {
        if disabledAt == nil { disabledAt = now }
    }

    /// Drops records older than 24 hours at `now`.
    mutating func trim(now: Date) {
        let cutoff = now.addingTimeInterval(-Self.retention)
        guard let first = records.first, first.createdAt <= cutoff else { return }
        let keep = records.firstIndex { $0.createdAt > cutoff } ?? records.count
        trimmedBelow = keep < records.count ? records[keep].sequence : nextSequence
        records.removeFirst(keep)
    }

    /// Whether the stream is still readable at `now` (a disabled one for 24 hours).
    func isReadable(at now: Date) -> Bool {
        guard let disabledAt else { return true }
        return now.timeIntervalSince(disabledAt) < Self.retention
    }

    /// Records with sequence numbers from `position` on, at most `limit` of them and about 1 MB
    /// (GetRecords' cap; at least one record is returned when any is there).
    func records(from position: UInt64, limit: Int) -> ArraySlice<StreamRecord> {
        guard let first = records.first else { return [] }
        let start = position <= first.sequence ? 0 : Int(min(position - first.sequence, UInt64(records.count)))
        var end = start, bytes = 0
        while end < records.count, end - start < limit {
            bytes += records[end].sizeBytes
            if bytes > Self.maximumReadBytes, end > start { break }
            end += 1
        }
        return records[start..<end]
    }

    static let maximumReadBytes = 1024 * 1024

    // MARK: Formats

    /// A sequence number as DynamoDB Streams writes them: decimal digits, 21 of them here ("1" and the
    /// counter padded to 20), so string order is numeric order.
    static func sequenceNumber(_ value: UInt64) -> String {
        let digits = String(value)
        return "1" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// The counter in a sequence number this emulator issued; nil for any other string.
    static func sequenceValue(_ text: String) -> UInt64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 21, bytes[0] == UInt8(ascii: "1"), bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return UInt64(String(decoding: bytes[1...], as: UTF8.self))
    }

    /// The instant a label names (its creation time); nil when `label` is not one.
    static func date(fromLabel label: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: label + "Z")
    }

    /// A stream label: the creation time as `yyyy-MM-ddTHH:mm:ss.SSS` (UTC), as DynamoDB labels them.
    static func label(for date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d", c.year ?? 1970, c.month ?? 1, c.day ?? 1,
            c.hour ?? 0, c.minute ?? 0, c.second ?? 0, (millis + 1000) % 1000)
    }
}
