import DrydockCore
import EmulatorKit
import Foundation

/// Loads `<fixtures>/dynamodb/<region>/<table>.json`: each file is a CreateTable request (TableName,
/// KeySchema, AttributeDefinitions, BillingMode or ProvisionedThroughput, indexes) plus `"Items"`, a
/// list of items in DynamoDB JSON. Files are validated as the API would validate them, less the
/// refusals added since an earlier build accepted and wrote such a file (`InputChecks.stored`); a
/// missing `dynamodb` directory means no tables.
enum DynamoDBFixtures {
    /// A table's creation time and id, kept across restarts by a data directory's `state.json`
    /// (keyed `"<region>/<table>"`); tables without one are created `now` with a fresh id. Also when
    /// UpdateTable last changed its table class, which the fixture format does not carry either.
    struct TableIdentity: Sendable, Equatable {
        var createdAt: Date
        var tableID: String
        var tableClassUpdatedAt: Date? = nil
    }

    static func load(
        fixturesDirectory: String, now: Date, identities: [String: TableIdentity] = [:]
    ) throws(FixtureError) -> [String: DynamoDBEmulator.RegionState] {
        let root = (fixturesDirectory as NSString).appendingPathComponent("dynamodb")
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else { return [:] }
        var regions: [String: DynamoDBEmulator.RegionState] = [:]
        let regionNames = ((try? files.contentsOfDirectory(atPath: root)) ?? []).sorted()
        var sequence: UInt64 = 0
        for region in regionNames where !region.hasPrefix(".") {
            let regionPath = (root as NSString).appendingPathComponent(region)
            guard files.fileExists(atPath: regionPath, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            var state = DynamoDBEmulator.RegionState()
            for file in ((try? files.contentsOfDirectory(atPath: regionPath)) ?? []).sorted() where file.hasSuffix(".json") {
                let path = (regionPath as NSString).appendingPathComponent(file)
                sequence += 1
                let table = try loadTable(path: path, region: region, now: now, sequence: sequence, identities: identities)
                if state.tables[table.definition.name] != nil {
                    throw FixtureError(path: path, reason: "table \(table.definition.name) is defined twice in \(region)")
                }
                state.tables[table.definition.name] = table
            }
            regions[region] = state
        }
        return regions
    }

    /// The tables of a data directory's snapshot, from its files as `DataDirectory.readSnapshot` read
    /// them (`dynamodb/<region>/<table>.json`, in that order); `root` names the snapshot in errors.
    static func load(
        snapshotFiles files: [(path: String, bytes: [UInt8])], root: String, now: Date, identities: [String: TableIdentity]
    ) throws(FixtureError) -> [String: DynamoDBEmulator.RegionState] {
        var regions: [String: DynamoDBEmulator.RegionState] = [:]
        var sequence: UInt64 = 0
        for file in files {
            let parts = file.path.split(separator: "/").map(String.init)
            guard parts.count == 3, parts[0] == "dynamodb" else { continue }
            let path = (root as NSString).appendingPathComponent(file.path)
            let json: JSONValue
            do {
                json = try JSONValue.parse(file.bytes)
            } catch {
                throw FixtureError(path: path, reason: "invalid JSON at \(error)")
            }
            sequence += 1
            let table = try loadTable(json: json, path: path, region: parts[1], now: now, sequence: sequence, identities: identities)
            if regions[parts[1], default: .init()].tables[table.definition.name] != nil {
                throw FixtureError(path: path, reason: "table \(table.definition.name) is defined twice in \(parts[1])")
            }
            regions[parts[1], default: .init()].tables[table.definition.name] = table
        }
        return regions
    }

    static func loadTable(
        path: String, region: String, now: Date, sequence: UInt64, identities: [String: TableIdentity] = [:]
    ) throws(FixtureError) -> Table {
        try loadTable(json: try FixtureFile.loadJSON(path), path: path, region: region, now: now, sequence: sequence, identities: identities)
    }

    /// One table file's JSON (CreateTable input plus `Items`); `path` names it in errors.
    static func loadTable(
        json: JSONValue, path: String, region: String, now: Date, sequence: UInt64, identities: [String: TableIdentity]
    ) throws(FixtureError) -> Table {
        do {
            let body = try RequestBody(json)
            let stateMembers: Set<String> = ["Items", "TimeToLiveSpecification", "Tags", "PointInTimeRecoverySpecification"]
            // Checked as stored input: a file an earlier build wrote (or accepted) still loads (see `InputChecks`).
            let request = try CreateTableRequest(
                RequestBody(members: body.members.filter { !stateMembers.contains($0.0) }), checks: .stored)
            let identity = identities["\(region)/\(request.name)"] ?? TableIdentity(
                createdAt: now, tableID: DynamoDBEmulator.tableID(region: region, name: request.name, sequence: sequence))
            var definition = TableDefinition(
                name: request.name, region: region, keySchema: request.keySchema,
                attributeDefinitions: request.attributeDefinitions, billingMode: request.billingMode,
                readCapacity: request.readCapacity, writeCapacity: request.writeCapacity,
                localIndexes: request.localIndexes, globalIndexes: request.globalIndexes,
                createdAt: identity.createdAt, tableID: identity.tableID, tableClass: request.tableClass, warmFloor: request.warmThroughput)
            if request.tableClass != nil { definition.tableClassUpdatedAt = identity.tableClassUpdatedAt }
            var table = Table(definition: definition)
            if let ttl = try body.object("TimeToLiveSpecification"), try ttl.bool("Enabled") == true {
                table.timeToLiveAttribute = try ttl.string("AttributeName")
            }
            for (index, entry) in (try body.array("Items") ?? []).enumerated() {
                do {
                    let item = try AttributeValue.decodeMap(entry)
                    _ = try KeyValidation.checkItem(item, table: definition)
                    table.put(item)
                } catch {
                    throw FixtureError(path: path, reason: "Items[\(index)]: \(error.type): \(error.message)")
                }
            }
            table.stream = try stream(in: body, table: definition)
            try loadSettings(body, into: &table, checks: .stored)
            return table
        } catch let error as FixtureError {
            throw error
        } catch let error as DynamoDBError {
            throw FixtureError(path: path, reason: "\(error.type): \(error.message)")
        } catch {
            throw FixtureError(path: path, reason: "\(error)")
        }
    }

    /// `"Tags"` (TagResource's list) and `"PointInTimeRecoverySpecification"` (`{"PointInTimeRecoveryEnabled":
    /// true, "RecoveryPeriodInDays": n}`), as `exportTables` and a data directory's snapshots write them.
    static func loadSettings(_ body: RequestBody, into table: inout Table, checks: InputChecks = .request) throws(DynamoDBError) {
        if let entries = try body.objects("Tags") { table.tags = try DynamoDBEmulator.tags(entries, checks: checks) }
        if let recovery = try body.object("PointInTimeRecoverySpecification"), try recovery.bool("PointInTimeRecoveryEnabled") == true {
            let days = try recovery.int("RecoveryPeriodInDays") ?? 35
            guard (1...35).contains(days) else { throw .validation("RecoveryPeriodInDays must be 1 to 35, not \(days)") }
            table.pointInTimeRecoveryDays = days
        }
        try loadReplicas(body, into: &table)
    }

    /// The members `loadSettings` reads, for a table that has them.
    static func settingsMembers(of table: Table) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = []
        if !table.tags.isEmpty {
            members.append(("Tags", .array(table.tags.map { ["Key": .string($0.key), "Value": .string($0.value)] })))
        }
        if let days = table.pointInTimeRecoveryDays {
            members.append(("PointInTimeRecoverySpecification", ["PointInTimeRecoveryEnabled": true, "RecoveryPeriodInDays": .number(days)]))
        }
        return members + replicaMembers(of: table)
    }

    /// Long-term access keys the emulator accepts besides IMDS-issued ones:
    /// `<fixtures>/dynamodb/credentials.json` = `{"accessKeys": {"AKIDEXAMPLE": "secret", …}}`.
    /// Absent file: none.
    static func staticKeys(fixturesDirectory: String) throws(FixtureError) -> [String: String] {
        let path = ((fixturesDirectory as NSString).appendingPathComponent("dynamodb") as NSString).appendingPathComponent("credentials.json")
        return try FixtureFile.loadAccessKeys(path)
    }
}
