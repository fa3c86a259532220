import DrydockCore
import EmulatorKit
import Foundation

extension TableDefinition {
    /// The CreateTable request that recreates this table (the fixture format's first half).
    var createTableJSON: [(String, JSONValue)] {
        func throughput(_ read: Int, _ write: Int) -> JSONValue {
            ["ReadCapacityUnits": .number(read), "WriteCapacityUnits": .number(write)]
        }
        var members: [(String, JSONValue)] = [
            ("TableName", .string(name)),
            ("AttributeDefinitions", .array(attributeDefinitions.map { ["AttributeName": .string($0.name), "AttributeType": .string($0.type)] })),
            ("KeySchema", keySchema.json),
            ("BillingMode", .string(billingMode)),
        ]
        if billingMode == "PROVISIONED" { members.append(("ProvisionedThroughput", throughput(readCapacity, writeCapacity))) }
        if let tableClass { members.append(("TableClass", .string(tableClass))) }
        if let warm = configuredWarmThroughput { members.append(("WarmThroughput", warm.requestJSON)) }
        if !localIndexes.isEmpty {
            members.append(("LocalSecondaryIndexes", .array(localIndexes.map {
                ["IndexName": .string($0.name), "KeySchema": $0.keySchema.json, "Projection": $0.projectionJSON]
            })))
        }
        if !globalIndexes.isEmpty {
            members.append(("GlobalSecondaryIndexes", .array(globalIndexes.map { index in
                var gsi: [(String, JSONValue)] = [
                    ("IndexName", .string(index.name)), ("KeySchema", index.keySchema.json), ("Projection", index.projectionJSON),
                ]
                if billingMode == "PROVISIONED", let t = index.throughput { gsi.append(("ProvisionedThroughput", throughput(t.read, t.write))) }
                if let warm = configuredWarmThroughput(of: index) { gsi.append(("WarmThroughput", warm.requestJSON)) }
                return .object(gsi)
            })))
        }
        return members
    }
}

extension DynamoDBEmulator {
    /// Writes every table, in every region, as fixture files under `<directory>/dynamodb/<region>/`
    /// (CreateTable request + `"Items"`, plus `"TimeToLiveSpecification"` when TTL is on and
    /// `"StreamSpecification"`/`"LatestStreamLabel"` while a stream is enabled, `"Tags"` and
    /// `"PointInTimeRecoverySpecification"` when set, `"Replicas"` for a global table), so a
    /// later `init(fixturesDirectory:)` on `directory` restores the data. Each file is replaced
    /// atomically and durably; files of tables that no longer exist are removed.
    public func exportTables(to directory: String) throws(FixtureError) {
        let regions = state.withLock { $0.regions }
        let files = FileManager.default
        for (region, regionState) in regions {
            let regionPath = ((directory as NSString).appendingPathComponent("dynamodb") as NSString).appendingPathComponent(region)
            do {
                try files.createDirectory(atPath: regionPath, withIntermediateDirectories: true)
            } catch {
                throw FixtureError(path: regionPath, reason: "cannot be created: \(error)")
            }
            let keep = Set(regionState.tables.keys.map { $0 + ".json" })
            for stale in ((try? files.contentsOfDirectory(atPath: regionPath)) ?? []) where stale.hasSuffix(".json") && !keep.contains(stale) {
                try? files.removeItem(atPath: (regionPath as NSString).appendingPathComponent(stale))
            }
        }
        for file in Self.tableFiles(regions) {
            let path = (directory as NSString).appendingPathComponent(file.path)
            let temporary = path + ".tmp"
            do {
                try DataDirectory.writeDurably(file.bytes, to: temporary)
            } catch {
                throw FixtureError(path: path, reason: "cannot be written: \(error)")
            }
            // rename(2) replaces the old file atomically: a reader sees the old or the new table.
            if rename(temporary, path) != 0 {
                throw FixtureError(path: path, reason: "cannot be replaced: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Every table as a fixture file: `dynamodb/<region>/<table>.json` and its pretty-printed JSON.
    static func tableFiles(_ regions: [String: RegionState]) -> [(path: String, bytes: [UInt8])] {
        regions.sorted { $0.key < $1.key }.flatMap { region, regionState in
            regionState.tables.sorted { $0.key < $1.key }.map { name, table in
                var members = table.definition.createTableJSON
                if let ttl = table.timeToLiveAttribute {
                    members.append(("TimeToLiveSpecification", ["Enabled": true, "AttributeName": .string(ttl)]))
                }
                members += DynamoDBFixtures.streamMembers(of: table)
                members += DynamoDBFixtures.settingsMembers(of: table)
                members.append(("Items", .array(table.sortedKeys().compactMap { table[$0].map(Item.json) })))
                return ("dynamodb/\(region)/\(name).json", Array(JSONValue.object(members).serialized(pretty: true).utf8))
            }
        }
    }
}
