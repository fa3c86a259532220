import DrydockCore
import EmulatorKit
import Foundation

/// `state.json` in a data directory's snapshot: what the fixture format does not carry, so tables keep
/// their ids, creation times and table-class change times across restarts.
///
/// ```json
/// {"format": 1, "tableSequence": 4,
///  "tables": [{"region": "us-east-1", "table": "crew-dispatch", "TableId": "…", "CreationDateTime": 1764115200.5,
///              "TableClassLastUpdateDateTime": 1764118800}]}
/// ```
/// `TableClassLastUpdateDateTime` (DescribeTable's `TableClassSummary.LastUpdateDateTime`) is there only
/// once UpdateTable has changed the table's class.
struct SnapshotMetadata: Equatable {
    static let fileName = "state.json"
    var tableSequence: UInt64
    var identities: [String: DynamoDBFixtures.TableIdentity]

    var json: JSONValue {
        let tables = identities.sorted { $0.key < $1.key }.map { key, identity -> JSONValue in
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            var members: [(String, JSONValue)] = [
                ("region", .string(parts[0])), ("table", .string(parts.count > 1 ? parts[1] : "")),
                ("TableId", .string(identity.tableID)), ("CreationDateTime", .number(String(identity.createdAt.timeIntervalSince1970))),
            ]
            if let changed = identity.tableClassUpdatedAt {
                members.append(("TableClassLastUpdateDateTime", .number(String(changed.timeIntervalSince1970))))
            }
            return .object(members)
        }
        return ["format": 1, "tableSequence": .number(String(tableSequence)), "tables": .array(tables)]
    }

    /// Reads `state.json` from a snapshot's `files` (`DataDirectory.readSnapshot`); `snapshotPath`
    /// names it in errors.
    static func read(files: [(path: String, bytes: [UInt8])], snapshotPath: String) throws(DataDirectoryError) -> SnapshotMetadata {
        let path = (snapshotPath as NSString).appendingPathComponent(fileName)
        guard let bytes = files.first(where: { $0.path == fileName })?.bytes else {
            throw DataDirectoryError(path: path, reason: "is missing; the snapshot is incomplete")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            throw DataDirectoryError(path: path, reason: "invalid JSON at \(error)")
        }
        guard json["format"]?.intValue == 1, let sequence = json["tableSequence"]?.intValue, sequence >= 0,
              let tables = json["tables"]?.arrayValue
        else { throw DataDirectoryError(path: path, reason: "expected {\"format\": 1, \"tableSequence\": n, \"tables\": [ … ]}") }
        var identities: [String: DynamoDBFixtures.TableIdentity] = [:]
        for (index, table) in tables.enumerated() {
            guard let region = table["region"]?.stringValue, let name = table["table"]?.stringValue,
                  let id = table["TableId"]?.stringValue, let created = table["CreationDateTime"]?.doubleValue,
                  created.isFinite, abs(created) < 1e12
            else { throw DataDirectoryError(path: path, reason: "tables[\(index)]: expected region, table, TableId and CreationDateTime") }
            var classChanged: Date?
            if let member = table["TableClassLastUpdateDateTime"] {
                guard let seconds = member.doubleValue, seconds.isFinite, abs(seconds) < 1e12 else {
                    throw DataDirectoryError(path: path, reason: "tables[\(index)]: TableClassLastUpdateDateTime must be a time in epoch seconds")
                }
                classChanged = Date(timeIntervalSince1970: seconds)
            }
            identities["\(region)/\(name)"] = .init(
                createdAt: Date(timeIntervalSince1970: created), tableID: id, tableClassUpdatedAt: classChanged)
        }
        return SnapshotMetadata(tableSequence: UInt64(sequence), identities: identities)
    }
}
