import DrydockCore

/// A table's or a global secondary index's warm throughput: the read and write units per second it
/// can serve at once (Developer Guide, "Understanding DynamoDB warm throughput").
///
/// Every table has one. An on-demand table or index starts at 12,000 reads and 4,000 writes; a
/// provisioned one at its provisioned capacity. It only ever grows: raising the provisioned capacity or
/// switching to on-demand raises it, and CreateTable or UpdateTable may raise it further
/// (`WarmThroughput`), never lower it. DynamoDB pre-warms in the background for minutes
/// (`Status` UPDATING); the emulator applies the new values at once and always reports ACTIVE.
/// Texts and baselines as DynamoDB answered them in a public controller project's recorded probes
/// (2026).
public struct WarmThroughput: Sendable, Equatable {
    public var read: Int
    public var write: Int

    /// An on-demand table's or index's warm throughput before any is configured.
    static let onDemandInitial = WarmThroughput(read: 12_000, write: 4_000)

    /// Each unit the larger of the two.
    func atLeast(_ other: WarmThroughput) -> WarmThroughput {
        WarmThroughput(read: max(read, other.read), write: max(write, other.write))
    }

    /// `TableWarmThroughputDescription` / `GlobalSecondaryIndexWarmThroughputDescription`.
    var descriptionJSON: JSONValue {
        ["ReadUnitsPerSecond": .number(read), "WriteUnitsPerSecond": .number(write), "Status": "ACTIVE"]
    }

    /// The request shape (the fixture format's `WarmThroughput`).
    var requestJSON: JSONValue { ["ReadUnitsPerSecond": .number(read), "WriteUnitsPerSecond": .number(write)] }

    /// What a table or index starts with: `onDemandInitial`, or the provisioned capacity.
    static func baseline(billingMode: String, throughput: (read: Int, write: Int)?) -> WarmThroughput {
        guard billingMode == "PROVISIONED" else { return onDemandInitial }
        return WarmThroughput(read: throughput?.read ?? 0, write: throughput?.write ?? 0)
    }
}

/// A request's `WarmThroughput` member: either unit may be left out.
struct WarmThroughputRequest {
    let read: Int?
    let write: Int?

    /// The member `key` of `body`, nil when absent (a non-structure or a non-integer unit is a
    /// SerializationException, as for any member; the units are Longs).
    init?(_ body: RequestBody, key: String = "WarmThroughput") throws(DynamoDBError) {
        guard let member = try body.object(key) else { return nil }
        read = try Self.long(member, "ReadUnitsPerSecond")
        write = try Self.long(member, "WriteUnitsPerSecond")
    }

    private static func long(_ body: RequestBody, _ key: String) throws(DynamoDBError) -> Int? {
        guard let value = body.value(key) else { return nil }
        guard let number = value.intValue else { throw AttributeValue.typeMismatch(value, "Long") }
        return number
    }

    var isEmpty: Bool { read == nil && write == nil }

    /// An index `Update`'s `WarmThroughput` must name a unit; checked before the index is looked up, as
    /// DynamoDB answers it for an index that does not exist too.
    static func checkIndexUpdates(_ updates: [RequestBody]) throws(DynamoDBError) {
        for update in updates {
            guard let change = try update.object("Update"), let request = try WarmThroughputRequest(change), request.isEmpty else { continue }
            let name = try change.string("IndexName") ?? ""
            throw .invalidParameter("WarmThroughput must have at least one of ReadUnitsPerSecond or WriteUnitsPerSecond specified for index: \(name)")
        }
    }

    /// The values to keep: each unit given, else `current`'s.
    func applied(to current: WarmThroughput) -> WarmThroughput {
        WarmThroughput(read: read ?? current.read, write: write ?? current.write)
    }

    /// CreateTable's (or a new index's) warm throughput: nil when none was configured (an empty
    /// structure configures none, as DynamoDB accepts it). A unit below what the table or index
    /// starts with is refused, reads checked first; `subject` is `table` or `index <name>`.
    static func forCreate(
        _ body: RequestBody, subject: String, billingMode: String, throughput: (read: Int, write: Int)?
    ) throws(DynamoDBError) -> WarmThroughput? {
        guard let request = try WarmThroughputRequest(body), !request.isEmpty else { return nil }
        let baseline = WarmThroughput.baseline(billingMode: billingMode, throughput: throughput)
        for (unit, value, floor, capacity) in [
            ("ReadUnitsPerSecond", request.read, baseline.read, "ReadCapacityUnits"),
            ("WriteUnitsPerSecond", request.write, baseline.write, "WriteCapacityUnits"),
        ] {
            guard let value, value < floor else { continue }
            let reason = billingMode == "PROVISIONED"
                ? "lower than \(capacity) of ProvisionedThroughput"
                : "lower than initial throughput for OnDemand. See: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html#on-demand-capacity-mode-initial"
            throw .invalidParameter("Requested \(unit) for WarmThroughput for \(subject) is \(reason)")
        }
        return request.applied(to: baseline)
    }

    /// UpdateTable's new warm throughput for a table or index whose warm throughput is `current`:
    /// neither unit may go down. `subject` is `table` or `index <name>`.
    func forUpdate(current: WarmThroughput, subject: String) throws(DynamoDBError) -> WarmThroughput {
        for (unit, value, floor) in [("ReadUnitsPerSecond", read, current.read), ("WriteUnitsPerSecond", write, current.write)] {
            guard let value, value < floor else { continue }
            throw .invalidParameter(
                "Requested \(unit) for WarmThroughput for \(subject) is lower than current WarmThroughput, decreasing WarmThroughput is not supported")
        }
        return applied(to: current)
    }
}

extension TableDefinition {
    /// The table's warm throughput now: what it was raised to, and never below its baseline.
    public var warmThroughput: WarmThroughput {
        (warmFloor ?? WarmThroughput(read: 0, write: 0))
            .atLeast(.baseline(billingMode: billingMode, throughput: (readCapacity, writeCapacity)))
    }

    /// Global secondary index `index`'s warm throughput now.
    public func warmThroughput(of index: SecondaryIndex) -> WarmThroughput {
        (index.warmFloor ?? WarmThroughput(read: 0, write: 0))
            .atLeast(.baseline(billingMode: billingMode, throughput: index.throughput))
    }

    /// After an UpdateTable changed this definition from `old`: the warm throughput of the table and of
    /// each index it kept never goes down (a lowered capacity, or a switch back to PROVISIONED, keeps
    /// the peak), then the request's `WarmThroughput` and each index `Update`'s are applied, refused
    /// when they would lower it. A replayed write (`checks` `.stored`) may change an on-demand index's
    /// capacity, as earlier builds let it.
    mutating func updateWarmThroughput(
        from old: TableDefinition, _ body: RequestBody, checks: InputChecks = .request
    ) throws(DynamoDBError) {
        warmFloor = old.warmThroughput.atLeast(warmThroughput)
        if let request = try WarmThroughputRequest(body) {
            if request.isEmpty {
                // DynamoDB answers an empty table WarmThroughput with a bare 500 (recorded probes, 2026).
                throw DynamoDBError(type: "InternalFailure", message: "", status: 500, namespace: DynamoDBError.serviceNamespace)
            }
            warmFloor = try request.forUpdate(current: old.warmThroughput, subject: "table").atLeast(warmThroughput)
        }
        var requested: [String: WarmThroughputRequest] = [:]
        for update in try body.objects("GlobalSecondaryIndexUpdates") ?? [] {
            guard let change = try update.object("Update"), let name = try change.string("IndexName"),
                  let request = try WarmThroughputRequest(change) else { continue }
            requested[name] = request
        }
        if checks == .request { try Self.checkOnDemandIndexUpdates(body, billingMode: billingMode) }
        for (position, index) in globalIndexes.enumerated() {
            guard let previous = old.globalIndexes.first(where: { $0.name == index.name }) else { continue }
            let current = old.warmThroughput(of: previous)
            var floor = current.atLeast(warmThroughput(of: index))
            if let request = requested[index.name] {
                floor = try request.forUpdate(current: current, subject: "index \(index.name)").atLeast(floor)
            }
            globalIndexes[position].warmFloor = floor
        }
    }
}

extension TableDefinition {
    /// `description` (DescribeTable's `Table`, or a `TableDescription`) with the table's and each global
    /// index's `WarmThroughput` added, as DynamoDB reports them last.
    func withWarmThroughput(_ description: JSONValue) -> JSONValue {
        guard case .object(var members) = description else { return description }
        for (position, member) in members.enumerated() where member.0 == "GlobalSecondaryIndexes" {
            guard case .array(let entries) = member.1 else { continue }
            members[position].1 = .array(entries.map { entry in
                guard case .object(let fields) = entry, case .string(let name)? = fields.first(where: { $0.0 == "IndexName" })?.1,
                      let index = globalIndexes.first(where: { $0.name == name }) else { return entry }
                return .object(fields + [("WarmThroughput", warmThroughput(of: index).descriptionJSON)])
            })
        }
        return .object(members + [("WarmThroughput", warmThroughput.descriptionJSON)])
    }

    /// The table's warm throughput when it is above what a table created with this definition's
    /// billing and capacity starts with: what a fixture or snapshot keeps as CreateTable's
    /// `WarmThroughput`.
    var configuredWarmThroughput: WarmThroughput? {
        let warm = warmThroughput
        return warm == .baseline(billingMode: billingMode, throughput: (readCapacity, writeCapacity)) ? nil : warm
    }

    /// The same for global index `index`.
    func configuredWarmThroughput(of index: SecondaryIndex) -> WarmThroughput? {
        let warm = warmThroughput(of: index)
        return warm == .baseline(billingMode: billingMode, throughput: index.throughput) ? nil : warm
    }
}

extension TableDefinition {
    /// On a PAY_PER_REQUEST table an index `Update` may change only its `OnDemandThroughput` or its
    /// `WarmThroughput`: one with `ProvisionedThroughput` (assumed), or with neither (an empty
    /// `OnDemandThroughput` as DynamoDB answered it), is refused in DynamoDB's words.
    static func checkOnDemandIndexUpdates(_ body: RequestBody, billingMode: String) throws(DynamoDBError) {
        guard billingMode == "PAY_PER_REQUEST" else { return }
        for update in try body.objects("GlobalSecondaryIndexUpdates") ?? [] {
            guard let change = try update.object("Update"), let name = try change.string("IndexName") else { continue }
            let onDemand = try change.object("OnDemandThroughput").map { !$0.members.isEmpty } ?? false
            let warm = try WarmThroughputRequest(change).map { !$0.isEmpty } ?? false
            if change.value("ProvisionedThroughput") != nil || !(onDemand || warm) {
                throw .invalidParameter(
                    "The only Updates for index: \(name) when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput")
            }
        }
    }
}
