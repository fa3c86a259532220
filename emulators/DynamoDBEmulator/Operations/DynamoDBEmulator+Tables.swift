import DrydockCore
import Foundation

extension DynamoDBEmulator {
    /// CreateTable: answers the new table with status CREATING (DescribeTable then says ACTIVE, so
    /// boto3's `table_exists` waiter passes on its first poll).
    func createTable(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let request = try CreateTableRequest(call.body, checks: call.checks)
        let streamSpecification = try StreamSpecification(call.body, for: .createTable)
        let tags = try call.body.objects("Tags").map { (entries) throws(DynamoDBError) in try Self.tags(entries, checks: call.checks) } ?? []
        if tags.count > Self.maximumTags {
            throw Self.tooManyTags
        }
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            var region = state.regions[call.region] ?? RegionState()
            if region.tables[request.name] != nil { throw .tableExists(request.name) }
            state.tableSequence += 1
            let definition = TableDefinition(
                name: request.name, region: call.region, keySchema: request.keySchema,
                attributeDefinitions: request.attributeDefinitions, billingMode: request.billingMode,
                readCapacity: request.readCapacity, writeCapacity: request.writeCapacity,
                localIndexes: request.localIndexes, globalIndexes: request.globalIndexes,
                createdAt: call.now, tableID: Self.tableID(region: call.region, name: request.name, sequence: state.tableSequence),
                tableClass: request.tableClass, warmFloor: request.warmThroughput)
            var table = Table(definition: definition)
            if let streamSpecification, streamSpecification.enabled {
                try changeStream(of: &table, to: streamSpecification, retired: &region.retiredStreams, now: call.now)
            }
            table.tags = tags
            region.tables[request.name] = table
            state.regions[call.region] = region
            return ["TableDescription": table.description(status: "CREATING")]
        }
    }

    func describeTable(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let name = try tableName(call.body, region: call.region)
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            guard let table = state.regions[call.region]?.tables[name] else { throw .tableNotFound(name) }
            return ["Table": table.description(status: "ACTIVE")]
        }
    }

    func deleteTable(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let name = try tableName(call.body, region: call.region)
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            guard let table = state.regions[call.region]?.tables.removeValue(forKey: name) else { throw .tableNotFound(name) }
            if table.stream != nil { retireStream(of: table, into: &state.regions[call.region, default: RegionState()].retiredStreams, now: call.now) }
            state.forgetReplica(of: table, in: call.region)
            return ["TableDescription": Self.deletedDescription(table.description(status: "DELETING"))]
        }
    }

    /// DeleteTable's description leaves out what DescribeTable adds about the schema: KeySchema,
    /// AttributeDefinitions, CreationDateTime and the local indexes (AWS's answers as public issues
    /// show them; the global indexes left out too — assumed).
    static func deletedDescription(_ description: JSONValue) -> JSONValue {
        guard case .object(let members) = description else { return description }
        let dropped: Set<String> = ["KeySchema", "AttributeDefinitions", "CreationDateTime", "LocalSecondaryIndexes", "GlobalSecondaryIndexes"]
        return .object(members.filter { !dropped.contains($0.0) })
    }

    /// ListTables: names in order, at most `Limit` (1–100, default 100) after `ExclusiveStartTableName`;
    /// `LastEvaluatedTableName` when more may follow.
    func listTables(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let limit = try call.body.int("Limit")
        let start = try call.body.string("ExclusiveStartTableName")
        var violations: [String] = []
        if let limit, limit < 1 {
            violations.append("Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
        }
        if let limit, limit > 100 {
            violations.append("Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")
        }
        if let start { CreateTableRequest.checkTableName(start, member: "exclusiveStartTableName", into: &violations) }
        if !violations.isEmpty { throw .constraint(violations) }
        let names = state.withLock { state in (state.regions[call.region]?.tables.keys).map { Array($0) } ?? [] }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let after = names.filter { name in start.map { Array(name.utf8).lexicographicallyPrecedes(Array($0.utf8)) == false && name != $0 } ?? true }
        let page = Array(after.prefix(limit ?? 100))
        var members: [(String, JSONValue)] = [("TableNames", .array(page.map { .string($0) }))]
        if page.count < after.count, let last = page.last { members.append(("LastEvaluatedTableName", .string(last))) }
        return .object(members)
    }

    /// The `TableName` member outside CreateTable. Its model type there is `TableArn` (a name or an ARN,
    /// 1–1024 characters, no pattern), so Coral checks only presence and length; a name DynamoDB could
    /// not have created then gets the service's own "Invalid table/index name." text (as AWS answers
    /// it in public reports and a public emulator's captures).
    ///
    /// A table ARN (`arn:aws:dynamodb:<region>:<account>:table/<name>`) names the table too; one for
    /// another region or account names no table here (ResourceNotFoundException, assumed).
    func tableName(_ body: RequestBody, region: String) throws(DynamoDBError) -> String {
        guard let given = try body.string("TableName") else { throw .missing("tableName") }
        let name = try Self.nameFromARN(given, region: region)
        if name.isEmpty {
            throw .constraint(["Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1"])
        }
        if name.count > 1024 {
            throw .constraint(["Value '\(name)' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 1024"])
        }
        var violations: [String] = []
        CreateTableRequest.checkTableName(name, member: "tableName", into: &violations)
        if !violations.isEmpty { throw Self.invalidTableName }
        return name
    }

    /// The table name an ARN in `TableName` stands for; anything not starting `arn:` as is.
    static func nameFromARN(_ given: String, region: String) throws(DynamoDBError) -> String {
        guard given.hasPrefix("arn:") else { return given }
        let parts = given.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "dynamodb", parts[5].hasPrefix("table/") else { throw invalidTableName }
        let name = String(parts[5].dropFirst("table/".count))
        if parts[3] != region || parts[4] != TableDefinition.accountID { throw .resourceNotFound }
        return name
    }

    static let invalidTableName = DynamoDBError.validation(
        "Invalid table/index name.  Table/index names must be between 3 and 255 characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'")

    /// A table for an item operation, or DynamoDB's bare "Requested resource not found".
    func table(_ name: String, in state: State, region: String) throws(DynamoDBError) -> Table {
        guard let table = state.regions[region]?.tables[name] else { throw .resourceNotFound }
        return table
    }

    /// Removes table `name` from `state` for a write, so its items are mutated in place rather than
    /// copied (the caller must put it back, also when it throws: `defer`).
    func takeTable(_ name: String, from state: inout State, region: String) throws(DynamoDBError) -> Table {
        guard let table = state.regions[region]?.tables.removeValue(forKey: name) else { throw .resourceNotFound }
        return table
    }

    /// A UUID-shaped id derived from the table's identity, reproducible across runs.
    static func tableID(region: String, name: String, sequence: UInt64) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in Array("\(region)/\(name)/\(sequence)".utf8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let a = String(hash, radix: 16), b = String(hash &* 0x9E37_79B9_7F4A_7C15, radix: 16)
        let hex = Array((String(repeating: "0", count: 16 - a.count) + a + String(repeating: "0", count: 16 - b.count) + b))
        return "\(String(hex[0..<8]))-\(String(hex[8..<12]))-\(String(hex[12..<16]))-\(String(hex[16..<20]))-\(String(hex[20..<32]))"
    }
}
