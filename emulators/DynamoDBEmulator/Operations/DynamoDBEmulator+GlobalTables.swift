import DrydockCore
import EmulatorKit
import Foundation

/// UpdateTable's `ReplicaUpdates` (global tables version 2019.11.21, see `Replicas.swift`) and the
/// rules a global table keeps.
///
/// Texts: the local-region refusal is DynamoDB's as ScyllaDB's Alternator suite quotes it (checked
/// against AWS, 2026); the stream refusal is AWS's as public Terraform reports quote it. The others
/// are marked assumed.
extension DynamoDBEmulator {
    static let globalTableVersion = "2019.11.21"

    /// One `ReplicaUpdates` entry.
    struct ReplicaUpdate: Equatable {
        enum Kind: String { case create = "Create", update = "Update", delete = "Delete" }
        let kind: Kind
        let region: String
    }

    /// The request's `ReplicaUpdates`, nil when absent; each entry holds exactly one of `Create`,
    /// `Update` or `Delete`, each with a `RegionName` of a supported region, each region once (see
    /// `replicaRegionNames`). Checked before UpdateTable takes the state lock.
    static func replicaUpdates(_ body: RequestBody) throws(DynamoDBError) -> [ReplicaUpdate]? {
        guard let entries = try body.objects("ReplicaUpdates") else { return nil }
        if entries.isEmpty {
            throw .constraint(["Value '[]' at 'replicaUpdates' failed to satisfy constraint: Member must have length greater than or equal to 1"])
        }
        try checkReplicaUpdateCount(entries.count)
        var updates: [ReplicaUpdate] = []
        var regions = Set<String>()
        for (position, entry) in entries.enumerated() {
            var found: [ReplicaUpdate] = []
            for kind in [ReplicaUpdate.Kind.create, .update, .delete] {
                guard let action = try entry.object(kind.rawValue) else { continue }
                guard let region = try action.string("RegionName") else {
                    throw .missing("replicaUpdates.\(position + 1).member.\(kind.rawValue.lowercased()).regionName")
                }
                found.append(ReplicaUpdate(kind: kind, region: region))
            }
            guard found.count == 1 else {
                // Assumed wording.
                throw .invalidParameter("Each ReplicaUpdates entry must specify exactly one of Create, Update or Delete")
            }
            try checkReplicaRegion(found[0].region, seen: &regions)
            updates.append(found[0])
        }
        return updates
    }

    /// UpdateTable's stream rule for a global table: its stream cannot be disabled (and, being enabled,
    /// cannot be enabled again with another view type: `changeStream` refuses that as for any table).
    static func checkStreamChange(_ specification: StreamSpecification?, of table: Table) throws(DynamoDBError) {
        guard !table.replicaRegions.isEmpty, let specification, !specification.enabled else { return }
        throw .invalidParameter("Disabling Stream is not allowed for a Global Table replica.")
    }

    /// DynamoDB's refusal of a replica in the caller's own region.
    static let localRegionReplica = DynamoDBError.validation(
        "Cannot add or delete the local region through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required.")

    /// Applies UpdateTable's other changes (already on `table`) to the replicas, then `updates`: all
    /// checked before anything changes. `table` is the caller's replica in `region`, not yet stored.
    func applyReplicaUpdates(
        _ updates: [ReplicaUpdate]?, to table: inout Table, region: String, in state: inout State, now: Date
    ) throws(DynamoDBError) {
        let name = table.definition.name
        let updates = updates ?? []
        // The group as it will be, to check each update against the ones before it.
        var group = Set(table.replicaRegions)
        for update in updates {
            if update.region == region {
                // DynamoDB's text names add and delete; for Update assumed the same.
                throw Self.localRegionReplica
            }
            switch update.kind {
            case .create:
                if group.contains(update.region) || state.regions[update.region]?.tables[name] != nil {
                    // Assumed wording (as AWS has been reported to word it).
                    throw .validation("Failed to create a the new replica of table with name: '\(name)' because one or more replicas already existed as tables.")
                }
                group.insert(update.region)
            case .update, .delete:
                guard group.contains(update.region) else {
                    throw .validation("Replica for table \(name) in region \(update.region) does not exist")  // assumed wording
                }
                if update.kind == .delete { group.remove(update.region) }
            }
        }
        if !group.isEmpty, table.definition.billingMode != "PAY_PER_REQUEST" {
            // The emulator has no auto scaling, so a provisioned table cannot be global (assumed wording).
            throw .validation("Table write capacity should either be Pay-Per-Request or AutoScaled.")
        }

        for other in table.replicaRegions where group.contains(other) {
            state.regions[other]?.tables[name]?.adoptSettings(of: table.definition)
        }
        for update in updates {
            switch update.kind {
            case .create: try createReplica(of: &table, in: update.region, state: &state, now: now)
            case .delete: deleteReplica(of: name, in: update.region, state: &state, now: now)
            case .update: break  // Per-replica overrides (capacity, table class) are not kept.
            }
        }
        let members = Set(group).union([region])
        for member in members {
            let others = members.subtracting([member]).sorted()
            if member == region { table.replicaRegions = others } else { state.regions[member]?.tables[name]?.replicaRegions = others }
        }
    }

    /// A replica of `table` in `region`: the table copied (see `Table.replica`), and a stream on both.
    /// A table without an enabled stream gets NEW_AND_OLD_IMAGES; one with a stream keeps its view
    /// type (as ScyllaDB's suite found against AWS), which the replica's stream takes too.
    private func createReplica(of table: inout Table, in region: String, state: inout State, now: Date) throws(DynamoDBError) {
        if table.stream?.isEnabled != true {
            let local = table.definition.region
            try changeStream(
                of: &table, to: StreamSpecification(enabledWith: .newAndOldImages),
                retired: &state.regions[local, default: RegionState()].retiredStreams, now: now)
        }
        state.tableSequence += 1
        let id = Self.tableID(region: region, name: table.definition.name, sequence: state.tableSequence)
        var replica = table.replica(in: region, tableID: id, now: now)
        let viewType = table.stream?.viewType ?? .newAndOldImages
        try changeStream(
            of: &replica, to: StreamSpecification(enabledWith: viewType),
            retired: &state.regions[region, default: RegionState()].retiredStreams, now: now)
        state.regions[region, default: RegionState()].tables[table.definition.name] = replica
    }

    /// Removes the replica in `region` (its stream retired, readable for 24 hours, as DeleteTable).
    private func deleteReplica(of name: String, in region: String, state: inout State, now: Date) {
        guard let removed = state.regions[region]?.tables.removeValue(forKey: name) else { return }
        if removed.stream != nil {
            retireStream(of: removed, into: &state.regions[region, default: RegionState()].retiredStreams, now: now)
        }
    }
}

extension StreamSpecification {
    /// An enabled stream of `viewType` (the one a table gets when it becomes global).
    init(enabledWith viewType: StreamViewType) {
        self.enabled = true
        self.viewType = viewType
    }
}
