import DrydockCore
import EmulatorKit
import Foundation

/// Global tables, version 2019.11.21: a table with replicas in other regions of the same emulator.
///
/// Every replica is an ordinary `Table` in its own region, with the same name and schema, whose
/// `replicaRegions` lists the other members of its group. An item write to any replica is recorded in
/// its `unreplicated` list and passed on to every other member by `State.store(_:region:)` before the
/// lock is released: DynamoDB replicates asynchronously (last writer wins); applying each write to all
/// replicas in the same step is the limit of that, with no window in which replicas differ. Each
/// replica's stream records its own copy of the change.
enum ReplicatedWrite: Sendable {
    case put(Item)
    case delete(ItemKey)
}

extension Table {
    /// DescribeTable's members for a global table: `GlobalTableVersion` and `Replicas` (the other
    /// regions, sorted, each ACTIVE: replicas are created at once). A regional table has neither.
    var replicaDescriptionMembers: [(String, JSONValue)] {
        guard !replicaRegions.isEmpty else { return [] }
        return [
            ("GlobalTableVersion", .string(DynamoDBEmulator.globalTableVersion)),
            ("Replicas", .array(replicaRegions.map { ["RegionName": .string($0), "ReplicaStatus": "ACTIVE"] })),
        ]
    }

    /// Applies another replica's writes to this one (its stream records them; they are not passed on).
    mutating func applyReplicated(_ writes: [ReplicatedWrite]) {
        for write in writes {
            switch write {
            case .put(let item): put(item)
            case .delete(let key): delete(key)
            }
        }
        unreplicated.removeAll()
    }

    /// A new replica of this table in `region`: same key schema, attribute definitions, indexes,
    /// billing mode and Time to Live setting, every item copied, a new table id; no stream, tags or
    /// point-in-time recovery yet (the caller adds the stream; tags and backups are per replica).
    func replica(in region: String, tableID: String, now: Date) -> Table {
        let d = definition
        var copy = Table(definition: TableDefinition(
            name: d.name, region: region, keySchema: d.keySchema, attributeDefinitions: d.attributeDefinitions,
            billingMode: d.billingMode, readCapacity: d.readCapacity, writeCapacity: d.writeCapacity,
            localIndexes: d.localIndexes, globalIndexes: d.globalIndexes, createdAt: now, tableID: tableID))
        for key in sortedKeys() { if let item = self[key] { copy.put(item) } }
        copy.timeToLiveAttribute = timeToLiveAttribute
        return copy
    }

    /// This replica's definition with `source`'s settings (UpdateTable on another replica: billing
    /// mode, capacity, attribute definitions, global secondary indexes), keeping its own region and id.
    mutating func adoptSettings(of source: TableDefinition) {
        var updated = definition
        updated.billingMode = source.billingMode
        updated.readCapacity = source.readCapacity
        updated.writeCapacity = source.writeCapacity
        updated.attributeDefinitions = source.attributeDefinitions
        updated.globalIndexes = source.globalIndexes
        if updated != definition { definition = updated }
    }
}

extension DynamoDBEmulator.State {
    /// Puts `table` back into `region` after item writes and applies the writes it recorded to each of
    /// its replicas, under the same lock.
    mutating func store(_ table: Table, region: String) {
        var table = table
        let writes = table.unreplicated
        if !writes.isEmpty { table.unreplicated = [] }
        let name = table.definition.name
        regions[region]?.tables[name] = table
        guard !writes.isEmpty else { return }
        for other in table.replicaRegions { regions[other]?.tables[name]?.applyReplicated(writes) }
    }

    /// After UpdateTimeToLive on a global table: every replica takes its setting (version 2019.11.21
    /// keeps replicas aligned for TTL, Developer Guide).
    mutating func alignTimeToLive(of table: Table) {
        for other in table.replicaRegions {
            regions[other]?.tables[table.definition.name]?.timeToLiveAttribute = table.timeToLiveAttribute
        }
    }

    /// After DeleteTable of `table` in `region`: the other replicas no longer list it (a group left
    /// with one member is a regional table again; its stream stays as it was).
    mutating func forgetReplica(of table: Table, in region: String) {
        let name = table.definition.name
        for other in table.replicaRegions {
            regions[other]?.tables[name]?.replicaRegions.removeAll { $0 == region }
        }
    }
}

extension DynamoDBFixtures {
    /// `"Replicas": [{"RegionName": …}, …]` (the other regions of a global table), as DescribeTable
    /// shows it; `exportTables` and snapshots write it, so a restart keeps the replica group.
    static func loadReplicas(_ body: RequestBody, into table: inout Table) throws(DynamoDBError) {
        guard let replicas = try body.objects("Replicas") else { return }
        var regions: [String] = []
        for replica in replicas {
            guard let region = try replica.string("RegionName"), AWSJSONRequest.isRegionName(region), region != table.definition.region
            else { throw .validation("Replicas: each entry needs a RegionName of another region") }
            regions.append(region)
        }
        table.replicaRegions = Array(Set(regions)).sorted()
    }

    /// The member `loadReplicas` reads, for a global table.
    static func replicaMembers(of table: Table) -> [(String, JSONValue)] {
        guard !table.replicaRegions.isEmpty else { return [] }
        return [("Replicas", .array(table.replicaRegions.map { ["RegionName": .string($0)] }))]
    }
}
