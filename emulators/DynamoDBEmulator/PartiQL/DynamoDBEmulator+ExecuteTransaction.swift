import DrydockCore

extension DynamoDBEmulator {
    /// ExecuteTransaction: 1–100 statements, all reads (SELECTs of whole keys, run as TransactGetItems)
    /// or all writes (INSERT, UPDATE, DELETE and `EXISTS(SELECT …)` condition checks, run as
    /// TransactWriteItems), all or nothing: a failed condition cancels everything with
    /// `TransactionCanceledException` and one `CancellationReasons` entry per statement (an INSERT of an
    /// existing key: `DuplicateItem`). RETURNING is refused, as DynamoDB does (text captured by a public
    /// emulator's suite).
    ///
    /// `ClientRequestToken` makes it idempotent for 10 minutes, as TransactWriteItems (see
    /// `ClientRequestTokens`; the dispatcher applies it to both).
    func executeTransaction(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        guard let entries = try call.body.objects("TransactStatements") else { throw .missing("transactStatements") }
        if entries.isEmpty {
            throw .constraint(["Value '[]' at 'transactStatements' failed to satisfy constraint: Member must have length greater than or equal to 1"])
        }
        if entries.count > 100 {
            throw .constraint(["Value at 'transactStatements' failed to satisfy constraint: Member must have length less than or equal to 100"])
        }
        let consumedCapacity = try ReturnOptions(call.body, allowedValues: ["NONE"]).consumedCapacity
        var statements: [(PartiQLStatement, PartiQLRequest)] = []
        for (position, entry) in entries.enumerated() {
            let request = try Self.partiQLRequest(entry, member: "transactStatements.\(position + 1).member.")
            let statement = try PartiQLParser.parse(request.text, parameters: request.parameters)
            if statement.returning != nil {
                throw .validation("Validation failed in TransactStatements[\(position)]: RETURNING clause is not supported in ExecuteTransaction.")
            }
            statements.append((statement, request))
        }
        let reads = statements.filter { $0.0.isRead }.count
        if reads > 0, reads < statements.count {
            // DynamoDB refuses the mix; this text is assumed (its wording is not public).
            throw .validation("Transaction must contain either all read statements or all write statements")
        }
        return reads > 0
            ? try partiQLTransactionRead(statements, consumedCapacity: consumedCapacity, call: call)
            : try partiQLTransactionWrite(statements, consumedCapacity: consumedCapacity, call: call)
    }

    private func partiQLTransactionRead(
        _ statements: [(PartiQLStatement, PartiQLRequest)], consumedCapacity: String, call: DynamoDBCall
    ) throws(DynamoDBError) -> JSONValue {
        var items: [JSONValue] = []
        var projections: [[PartiQLPath]?] = []
        for (statement, _) in statements {
            guard case .select(let select) = statement else { continue }
            if select.index != nil { throw PartiQLError.unsupported("Reads on indices are not supported within transactions.") }
            let (schema, _) = try partiQLSchema(table: select.table, index: nil, region: call.region)
            guard let condition = select.condition, let split = try? Self.keyAndRest(condition, schema: schema), split.rest.isEmpty else {
                throw PartiQLError.unsupported("Select statements within ExecuteTransaction must specify the primary key in the where clause.")
            }
            items.append(["Get": ["TableName": .string(select.table), "Key": split.key]])
            projections.append(select.projection)
        }
        var members: [(String, JSONValue)] = [("TransactItems", .array(items))]
        if consumedCapacity != "NONE" { members.append(("ReturnConsumedCapacity", .string(consumedCapacity))) }
        let answer = try transactGetItems(DynamoDBCall(region: call.region, body: RequestBody(members: members), now: call.now))
        let responses = (answer["Responses"]?.arrayValue ?? []).enumerated().map { position, response -> JSONValue in
            guard let item = response["Item"] else { return response }
            guard position < projections.count, let projection = projections[position] else { return response }
            return ["Item": Self.project(item, projection)]
        }
        var out: [(String, JSONValue)] = [("Responses", .array(responses))]
        if let consumed = answer["ConsumedCapacity"] { out.append(("ConsumedCapacity", consumed)) }
        return .object(out)
    }

    private func partiQLTransactionWrite(
        _ statements: [(PartiQLStatement, PartiQLRequest)], consumedCapacity: String, call: DynamoDBCall
    ) throws(DynamoDBError) -> JSONValue {
        var items: [JSONValue] = []
        for (statement, request) in statements {
            let write = try partiQLWrite(statement, request, region: call.region)
            items.append([write.kind: .object(write.members)])
        }
        var members: [(String, JSONValue)] = [("TransactItems", .array(items))]
        if consumedCapacity != "NONE" { members.append(("ReturnConsumedCapacity", .string(consumedCapacity))) }
        do throws(DynamoDBError) {
            return try transactWriteItems(DynamoDBCall(region: call.region, body: RequestBody(members: members), now: call.now))
        } catch where error.type == "TransactionCanceledException" {
            throw Self.withDuplicateItemReasons(error, statements: statements.map(\.0))
        }
    }

    /// A cancelled transaction's reasons with an INSERT's failed `attribute_not_exists` shown as
    /// DynamoDB shows it: `DuplicateItem`, "Duplicate primary key exists in table".
    private static func withDuplicateItemReasons(_ error: DynamoDBError, statements: [PartiQLStatement]) -> DynamoDBError {
        guard let reasons = error.extra.first(where: { $0.0 == "CancellationReasons" })?.1.arrayValue else { return error }
        let rewritten = reasons.enumerated().map { position, reason -> JSONValue in
            guard position < statements.count, case .insert = statements[position],
                  reason["Code"]?.stringValue == "ConditionalCheckFailed"
            else { return reason }
            return ["Code": "DuplicateItem", "Message": .string(PartiQLError.duplicateItem.message)]
        }
        let codes = rewritten.map { $0["Code"]?.stringValue ?? "None" }.joined(separator: ", ")
        var out = DynamoDBError(
            type: error.type, message: "Transaction cancelled, please refer cancellation reasons for specific reasons [\(codes)]",
            status: error.status, namespace: error.namespace)
        out.extra = error.extra.map { $0.0 == "CancellationReasons" ? ($0.0, .array(rewritten)) : $0 }
        return out
    }
}
