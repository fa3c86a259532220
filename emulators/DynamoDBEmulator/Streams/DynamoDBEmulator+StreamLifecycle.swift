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
    /// latest stream's ARN and label as long as the table has had one (also once it is disabled —
    /// assumed, as DynamoDB keeps pointing at a disabled stream for its 24 hours).
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
