import DrydockCore

extension DynamoDBEmulator {
    /// UpdateTable: BillingMode, ProvisionedThroughput, TableClass, WarmThroughput (see `WarmThroughput`)
    /// and GlobalSecondaryIndexUpdates (Create, Delete, Update), applied at once; the answer says UPDATING and
    /// DescribeTable says ACTIVE afterwards. `ReplicaUpdates` (global tables) in `DynamoDBEmulator+GlobalTables.swift`.
    /// Messages other than the constraint ones are assumed unless a comment names their source.
    func updateTable(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let name = try tableName(call.body, region: call.region)
        let billing = try call.body.string("BillingMode")
        if let billing, !["PROVISIONED", "PAY_PER_REQUEST"].contains(billing) {
            throw .constraint(["Value '\(billing)' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"])
        }
        let throughput = try call.body.object("ProvisionedThroughput")
        let updates = try call.body.objects("GlobalSecondaryIndexUpdates") ?? []
        var violations: [String] = []
        // A replayed write an earlier build applied skips the checks added since (see `InputChecks`).
        let strict = call.checks == .request
        if strict { try CreateTableRequest.checkAttributeNameLengths(call.body, indexMembers: [], into: &violations) }
        for (i, update) in updates.enumerated() where strict {
            guard let create = try update.object("Create") else { continue }
            try CreateTableRequest.checkIndexNameLengths(create, at: "globalSecondaryIndexUpdates.\(i + 1).member.create", into: &violations)
        }
        if !violations.isEmpty { throw .constraint(violations) }
        // The new indexes' own projected names, counted before the lock; the table's are added inside.
        var creates: [RequestBody] = []
        for update in updates { if let create = try update.object("Create") { creates.append(create) } }
        let projectedByCreates = try CreateTableRequest.projectedAttributeCount(creates)
        if strict { try CreateTableRequest.checkProjectedAttributeCount(projectedByCreates) }
        var newDefinitions: [KeyAttribute] = []
        for definition in try call.body.objects("AttributeDefinitions") ?? [] {
            guard let n = try definition.string("AttributeName"), let t = try definition.string("AttributeType") else {
                throw .missing("attributeDefinitions.member.attributeName")
            }
            newDefinitions.append(KeyAttribute(name: n, type: t))
        }
        let streamSpecification = try StreamSpecification(call.body, for: .updateTable)
        let tableClass = try CreateTableRequest.tableClass(call.body, checks: call.checks)
        let replicaUpdates = try Self.replicaUpdates(call.body)
        let warmThroughput = try WarmThroughputRequest(call.body)
        if replicaUpdates != nil,
           billing != nil || throughput != nil || !updates.isEmpty || streamSpecification != nil || tableClass != nil || warmThroughput != nil {
            // UpdateTable makes one kind of change at a time (API Reference); wording assumed.
            throw .invalidParameter("ReplicaUpdates cannot be combined with other table changes in one UpdateTable request")
        }
        if billing == nil, throughput == nil, updates.isEmpty, streamSpecification == nil, tableClass == nil, replicaUpdates == nil,
           warmThroughput == nil {
            // The list as DynamoDB answered a request naming only the table in 2026 (ack-api-quirks
            // catalogue, live us-east-1 and us-west-2).
            throw .validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required")
        }
        try Self.checkIndexUpdates(updates, checkingNames: strict)
        try WarmThroughputRequest.checkIndexUpdates(updates)
        var structural = 0
        for update in updates where update.value("Create") != nil || update.value("Delete") != nil { structural += 1 }
        if structural > 1 {
            throw DynamoDBError(
                type: "LimitExceededException",
                message: "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table")
        }
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            guard var table = state.regions[call.region]?.tables[name] else { throw .resourceNotFound }
            try Self.checkStreamChange(streamSpecification, of: table)
            if strict, projectedByCreates > 0 {
                try CreateTableRequest.checkProjectedAttributeCount(
                    table.definition.indexes.reduce(projectedByCreates) { $0 + $1.projectedAttributeCount })
            }
            var definition = table.definition
            if let billing { definition.billingMode = billing }
            if let tableClass {
                definition.tableClass = tableClass
                definition.tableClassUpdatedAt = call.now
            }
            if definition.billingMode == "PAY_PER_REQUEST", throughput != nil {
                throw .invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
            }
            if let throughput {
                guard let read = try throughput.int("ReadCapacityUnits"), let write = try throughput.int("WriteCapacityUnits") else {
                    throw .missing("provisionedThroughput.readCapacityUnits")
                }
                definition.readCapacity = read
                definition.writeCapacity = write
            } else if definition.billingMode == "PAY_PER_REQUEST" {
                definition.readCapacity = 0
                definition.writeCapacity = 0
            }
            let keyNames = Set(([definition.keySchema] + definition.indexes.map(\.keySchema)).flatMap { $0.attributes.map(\.name) })
            for attribute in newDefinitions {
                if let position = definition.attributeDefinitions.firstIndex(where: { $0.name == attribute.name }) {
                    // A definition no key uses any more takes the new type; a key's type cannot change.
                    if !keyNames.contains(attribute.name) { definition.attributeDefinitions[position] = attribute }
                } else {
                    definition.attributeDefinitions.append(attribute)
                }
            }
            for update in updates {
                if let create = try update.object("Create") {
                    // A name any index of the table has: AWS's text, no prefix, before the new index's
                    // own checks (ack-api-quirks catalogue, 2026; Amplify users quote it from
                    // CloudFormation; a public emulator's probe notes record that it wins over them).
                    if let name = try create.string("IndexName"), definition.index(named: name) != nil {
                        throw .validation("Attempting to create an index which already exists")
                    }
                    // The new index's key attributes must be in this request's AttributeDefinitions, even
                    // those the table already declares ("Invalid KeySchema: Some index key attribute have no
                    // definition" for a two-attribute key, as AWS users quote it).
                    // (A replayed one had them checked against the table's as well, as earlier builds did.)
                    let index = try CreateTableRequest.index(
                        create, definitions: strict ? newDefinitions : definition.attributeDefinitions, isGlobal: true,
                        billing: definition.billingMode, listingUndefinedKeys: !strict, checks: call.checks)
                    try Self.checkUnchangedTypes(index.keySchema, table: table.definition)
                    definition.globalIndexes.append(index)
                } else if let delete = try update.object("Delete") {
                    guard let indexName = try delete.string("IndexName") else { throw .missing("globalSecondaryIndexUpdates.member.delete.indexName") }
                    // A local index's name: DynamoDB's text (ack-api-quirks catalogue, 2026, live).
                    if definition.localIndexes.contains(where: { $0.name == indexName }) {
                        throw .validation("Cannot delete an index that is not a GlobalSecondaryIndex: \(indexName)")
                    }
                    guard definition.globalIndexes.contains(where: { $0.name == indexName }) else {
                        // The exception and an "Index" message are AWS's (same catalogue); the text is assumed.
                        throw DynamoDBError(type: "ResourceNotFoundException", message: "Requested resource not found: Index: \(indexName) not found")
                    }
                    definition.globalIndexes.removeAll { $0.name == indexName }
                } else if let change = try update.object("Update") {
                    if let indexName = try change.string("IndexName"), definition.localIndexes.contains(where: { $0.name == indexName }) {
                        throw .validation("Cannot update an index that is not a GlobalSecondaryIndex: \(indexName)")
                    }
                    guard let indexName = try change.string("IndexName") else { throw .resourceNotFound }
                    guard let position = definition.globalIndexes.firstIndex(where: { $0.name == indexName }) else {
                        // DynamoDB's text in recorded probes (2026).
                        throw DynamoDBError(type: "ResourceNotFoundException", message: "Requested resource not found: Index \(indexName) for table \(name)")
                    }
                    let old = definition.globalIndexes[position]
                    let pt = try change.object("ProvisionedThroughput")
                    let read = try pt?.int("ReadCapacityUnits"), write = try pt?.int("WriteCapacityUnits")
                    // An Update of the warm throughput alone keeps the index's capacity.
                    definition.globalIndexes[position] = SecondaryIndex(
                        name: old.name, keySchema: old.keySchema, projectionType: old.projectionType,
                        nonKeyAttributes: old.nonKeyAttributes, throughput: pt == nil ? old.throughput : (read ?? 0, write ?? 0),
                        isGlobal: true, warmFloor: old.warmFloor)
                }
            }
            try definition.updateWarmThroughput(from: table.definition, call.body, checks: call.checks)
            table.definition = definition
            if let streamSpecification {
                if structural > 0 {
                    throw .invalidParameter("You cannot create or delete index while changing stream status")
                }
                try changeStream(of: &table, to: streamSpecification, retired: &state.regions[call.region, default: RegionState()].retiredStreams, now: call.now)
            }
            try applyReplicaUpdates(replicaUpdates, to: &table, region: call.region, in: &state, now: call.now)
            state.regions[call.region]?.tables[name] = table
            return ["TableDescription": table.description(status: "UPDATING")]
        }
    }

    /// Each GlobalSecondaryIndexUpdate holds exactly one of Create, Update and Delete, and an index
    /// name Coral's constraints allow (messages other than the constraint one assumed; the names only
    /// `checkingNames`, as replayed writes skip them).
    static func checkIndexUpdates(_ updates: [RequestBody], checkingNames: Bool = true) throws(DynamoDBError) {
        var violations: [String] = []
        for (position, update) in updates.enumerated() {
            let operations = ["Create", "Update", "Delete"].filter { update.value($0) != nil }
            if operations.isEmpty {
                throw .invalidParameter("One of Create, Update or Delete must be specified in each GlobalSecondaryIndexUpdate")
            }
            if operations.count > 1 {
                throw .invalidParameter("Only one of Create, Update or Delete can be specified in each GlobalSecondaryIndexUpdate")
            }
            let operation = operations[0]
            if checkingNames, let indexName = try update.object(operation)?.string("IndexName") {
                let member = "globalSecondaryIndexUpdates.\(position + 1).member.\(operation.lowercased()).indexName"
                CreateTableRequest.checkTableName(indexName, member: member, into: &violations)
            }
        }
        if !violations.isEmpty { throw .constraint(violations) }
    }

    /// A new index may not give an attribute another type than the table's key or an index's key gives
    /// it; DynamoDB's text names both schemas (format of a schema's elements as DynamoDB quotes one).
    static func checkUnchangedTypes(_ schema: KeySchema, table: TableDefinition) throws(DynamoDBError) {
        let existing = [table.keySchema] + table.indexes.map(\.keySchema)
        for attribute in schema.attributes {
            guard let old = existing.first(where: { old in
                old.attributes.contains { $0.name == attribute.name && $0.type != attribute.type }
            }) else { continue }
            throw .invalidParameter(
                "Attributes cannot be redefined. Please check that your attribute has the same type as previously defined. Existing schema: \(describe(old)) New schema: \(describe(schema))")
        }
    }

    /// `Schema:[SchemaElement: key{xyz:S:HASH}, …]`.
    private static func describe(_ schema: KeySchema) -> String {
        let elements = schema.hashAttributes.map { ($0, "HASH") } + schema.rangeAttributes.map { ($0, "RANGE") }
        return "Schema:[" + elements.map { "SchemaElement: key{\($0.0.name):\($0.0.type):\($0.1)}" }.joined(separator: ", ") + "]"
    }
}
