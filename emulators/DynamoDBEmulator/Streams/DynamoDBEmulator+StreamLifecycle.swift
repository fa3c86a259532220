import DrydockCore
import Foundation

/// Turning a table's stream on and off (CreateTable, UpdateTable, DeleteTable) and what DescribeTable
/// says about it.
extension DynamoDBEmulator {
    /// Applies `specification` to `table`: a new stream (a new ARN and label, the previous stream, if
    /// any, retired) or the current one disabled. DynamoDB's texts for a repeated change (captured
    /// live by a public API-quirks catalogue, 2026).
    func changeStream(
        of table: inout Table, to specification: StreamSpecification, retired: inout [TableStream], now: Date
    ) throws(DynamoDBError) {
        let name = table.definition.name
        if specification.enabled {
            if table.stream?.isEnabled == true { throw .validation("Table already has an enabled stream: TableName: \(name)") }
            guard let viewType = specification.viewType else { return }
            let taken = Set(([table.stream].compactMap { $0 } + retired.filter { $0.tableName == name }).map(\.label))
            var created = now
            while taken.contains(TableStream.label(for: created)) { created = created.addingTimeInterval(0.001) }
            if let previous = table.stream { retired.append(previous) }
            table.stream = TableStream(
                table: table.definition, viewType: viewType, label: TableStream.label(for: created), clock: clock, now: created)
        } else {
            guard var stream = table.stream, stream.isEnabled else {
                throw .validation("Table has no stream to disable: TableName: \(name)")
            }
            stream.disable(at: now)
            table.stream = stream
        }
    }

    /// A deleted table's stream stays readable (DISABLED, shard closed) for 24 hours.
    func retireStream(of table: Table, into retired: inout [TableStream], now: Date) {
        guard var stream = table.stream else { return }
        stream.disable(at: now)
        retired.append(stream)
        retired.removeAll { !$0.isReadable(at: now) }
    }
}

extension Table {
    /// DescribeTable's stream members: `StreamSpecification` while the stream is enabled, and the
    /// latest stream's ARN and label as long as the table has had one. Once the stream is disabled
    /// DynamoDB leaves `StreamSpecification` out and keeps `LatestStreamArn` (as tested against
    /// DynamoDB by ScyllaDB's Alternator suite, 2026).
    var streamDescriptionMembers: [(String, JSONValue)] {
        guard let stream else { return [] }
        var members: [(String, JSONValue)] = []
        if stream.isEnabled {
            members.append(("StreamSpecification", ["StreamEnabled": true, "StreamViewType": .string(stream.viewType.rawValue)]))
        }
        members.append(("LatestStreamLabel", .string(stream.label)))
        members.append(("LatestStreamArn", .string(stream.arn)))
        return members
    }
}

extension DynamoDBEmulator {
    /// `regions` as this emulator starts with them: every stream stamped by `clock`, without records.
    static func restoringStreams(_ regions: [String: RegionState], clock: any WallClock) -> [String: RegionState] {
        regions.mapValues { region in
            var region = region
            for (name, table) in region.tables where table.stream != nil {
                region.tables[name]?.stream = table.stream?.restored(clock: clock)
            }
            region.retiredStreams = region.retiredStreams.map { $0.restored(clock: clock) }
            return region
        }
    }
}

extension DynamoDBFixtures {
    /// The enabled stream a fixture (or snapshot) file declares: `"StreamSpecification"` as in
    /// CreateTable, and optionally `"LatestStreamLabel"` (written by `exportTables`, so a restarted data
    /// directory keeps the stream's ARN); without a label the stream is labelled with the table's
    /// creation time. The stream starts without records.
    static func stream(in body: RequestBody, table: TableDefinition) throws(DynamoDBError) -> TableStream? {
        guard let specification = try StreamSpecification(body, for: .createTable), specification.enabled,
              let viewType = specification.viewType else { return nil }
        let label = try body.string("LatestStreamLabel") ?? TableStream.label(for: table.createdAt)
        guard let created = TableStream.date(fromLabel: label) else {
            throw .validation("LatestStreamLabel '\(label)' is not a stream label (yyyy-MM-ddTHH:mm:ss.SSS)")
        }
        return TableStream(table: table, viewType: viewType, label: label, clock: SystemClock(), now: created)
    }

    /// The members `exportTables` writes for a table's enabled stream.
    static func streamMembers(of table: Table) -> [(String, JSONValue)] {
        guard let stream = table.stream, stream.isEnabled else { return [] }
        return [
            ("StreamSpecification", ["StreamEnabled": true, "StreamViewType": .string(stream.viewType.rawValue)]),
            ("LatestStreamLabel", .string(stream.label)),
        ]
    }
}
