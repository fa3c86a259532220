import DrydockCore

/// The write units a table write costs its secondary indexes (Developer Guide, "Provisioned
/// throughput considerations for global secondary indexes"): an index entry appears (1 write of the
/// projected entry), disappears (1 write of the old entry), moves to a new index key (2 writes) or has
/// a projected attribute changed (1 write of the larger entry); a write that changes nothing the index
/// holds costs it nothing. Entries are sized as their projected attributes, rounded up to 1 KB each.
enum IndexWriteUnits {
    /// Units per index that the change from `old` to `new` (nil: no item) costs, indexes left out
    /// when nothing is written to them.
    static func units(_ table: TableDefinition, old: Item?, new: Item?, transactional: Bool = false) -> [(index: SecondaryIndex, units: Double)] {
        var out: [(SecondaryIndex, Double)] = []
        for index in table.indexes {
            let before = old.flatMap { entry($0, index: index, table: table) }
            let after = new.flatMap { entry($0, index: index, table: table) }
            var units = 0.0
            switch (before, after) {
            case (nil, nil): continue
            case (let b?, nil): units = CapacityUnits.write(Item.size(b), transactional: transactional)
            case (nil, let a?): units = CapacityUnits.write(Item.size(a), transactional: transactional)
            case (let b?, let a?):
                if index.keySchema.keyItem(of: b) != index.keySchema.keyItem(of: a) {
                    units = CapacityUnits.write(Item.size(b), transactional: transactional)
                        + CapacityUnits.write(Item.size(a), transactional: transactional)
                } else if b != a {
                    units = CapacityUnits.write(max(Item.size(b), Item.size(a)), transactional: transactional)
                } else {
                    continue
                }
            }
            out.append((index, units))
        }
        return out
    }

    /// `costs` with one entry per index (units added up), in first-seen order.
    static func merged(_ costs: [(index: SecondaryIndex, units: Double)]) -> [(index: SecondaryIndex, units: Double)] {
        var out: [(index: SecondaryIndex, units: Double)] = []
        for cost in costs {
            if let at = out.firstIndex(where: { $0.index.name == cost.index.name }) { out[at].units += cost.units } else { out.append(cost) }
        }
        return out
    }

    /// The index's entry for `item` (its projected attributes), nil when the item is not in the index.
    static func entry(_ item: Item, index: SecondaryIndex, table: TableDefinition) -> Item? {
        guard index.keySchema.hasKey(item), KeyValidation.keySizesFit(item, schema: index.keySchema) else { return nil }
        if index.projectionType == "ALL" { return item }
        var keep = Set(table.keySchema.attributes.map(\.name) + index.keySchema.attributes.map(\.name))
        if index.projectionType == "INCLUDE" { keep.formUnion(index.nonKeyAttributes ?? []) }
        return item.filter { keep.contains($0.key) }
    }
}
