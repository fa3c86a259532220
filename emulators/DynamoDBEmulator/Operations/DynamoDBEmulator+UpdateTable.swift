import DrydockCore

extension DynamoDBEmulator {
    /// UpdateTable: BillingMode, ProvisionedThroughput, and GlobalSecondaryIndexUpdates (Create, Delete,
    /// Update), applied at once; the answer says UPDATING and DescribeTable says ACTIVE afterwards.
    /// `ReplicaUpdates` (global tables) in `DynamoDBEmulator+GlobalTables.swift`.
    /// Messages other than the constraint ones are assumed.
    func updateTable(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let name = try tableName(call.body, region: call.region)
        let billing = try call.body.string("BillingMode")
        if let billing, !["PROVISIONED", "PAY_PER_REQUEST"].contains(billing) {
            throw .constraint(["Value '\(billing)' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"])
        }
        let throughput = try call.body.object("ProvisionedThroughput")
        let updates = try call.body.objects("GlobalSecondaryIndexUpdates") ?? []
        var newDefinitions: [KeyAttribute] = []
        for definition in try call.body.objects("AttributeDefinitions") ?? [] {
            guard let n = try definition.string("AttributeName"), let t = try definition.string("AttributeType") else {
                throw .missing("attributeDefinitions.member.attributeName")
            }
            newDefinitions.append(KeyAttribute(name: n, type: t))
        }
        let streamSpecification = try StreamSpecification(call.body, for: .updateTable)
        let replicaUpdates = try Self.replicaUpdates(call.body)
        if replicaUpdates != nil, billing != nil || throughput != nil || !updates.isEmpty || streamSpecification != nil {
            // UpdateTable makes one kind of change at a time (API Reference); wording assumed.
            throw .invalidParameter("ReplicaUpdates cannot be combined with other table changes in one UpdateTable request")
        }
        if billing == nil, throughput == nil, updates.isEmpty, streamSpecification == nil, replicaUpdates == nil {
            throw .validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required")
        }
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
            var definition = table.definition
            if let billing { definition.billingMode = billing }
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
            for attribute in newDefinitions {
                if let existing = definition.declaredType(attribute.name), existing != attribute.type {
                    throw .invalidParameter("Cannot change the type of attribute \(attribute.name)")  // assumed wording
                }
                if definition.declaredType(attribute.name) == nil { definition.attributeDefinitions.append(attribute) }
            }
            for update in updates {
                if let create = try update.object("Create") {
                    let index = try CreateTableRequest.index(
                        create, definitions: definition.attributeDefinitions, isGlobal: true, billing: definition.billingMode)
                    if definition.index(named: index.name) != nil {
                        throw .validation("One or more parameter values were invalid: Index with name: \(index.name) already exists")  // assumed
                    }
                    definition.globalIndexes.append(index)
                } else if let delete = try update.object("Delete") {
                    guard let indexName = try delete.string("IndexName") else { throw .missing("globalSecondaryIndexUpdates.member.delete.indexName") }
                    guard definition.globalIndexes.contains(where: { $0.name == indexName }) else {
                        throw DynamoDBError(type: "ResourceNotFoundException", message: "Requested resource not found: Index: \(indexName) not found")  // assumed
                    }
                    definition.globalIndexes.removeAll { $0.name == indexName }
                } else if let change = try update.object("Update") {
                    guard let indexName = try change.string("IndexName"),
                          let position = definition.globalIndexes.firstIndex(where: { $0.name == indexName }) else {
                        throw .resourceNotFound
                    }
                    let old = definition.globalIndexes[position]
                    let pt = try change.object("ProvisionedThroughput")
                    let read = try pt?.int("ReadCapacityUnits"), write = try pt?.int("WriteCapacityUnits")
                    definition.globalIndexes[position] = SecondaryIndex(
                        name: old.name, keySchema: old.keySchema, projectionType: old.projectionType,
                        nonKeyAttributes: old.nonKeyAttributes, throughput: (read ?? 0, write ?? 0), isGlobal: true)
                }
            }
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
}
