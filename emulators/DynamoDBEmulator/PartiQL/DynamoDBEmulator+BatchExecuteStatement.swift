import DrydockCore

extension DynamoDBEmulator {
    /// BatchExecuteStatement: 1–25 statements, all reads (each naming a whole key, so at most one item)
    /// or all writes, run one by one. A statement that fails — malformed, a missing table, a failed
    /// condition — answers `{"Error": {"Code", "Message"[, "Item"]}}` in its place while the others
    /// run; a successful one `{"TableName": …[, "Item": …]}`. Mixing reads and writes, or two
    /// statements on one item, refuses the whole batch (texts captured from DynamoDB by a public
    /// emulator's suite; the item-key check runs on statements that name a key).
    func batchExecuteStatement(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        guard let entries = try call.body.objects("Statements") else { throw .missing("statements") }
        if entries.isEmpty {
            throw .constraint(["Value '[]' at 'statements' failed to satisfy constraint: Member must have length greater than or equal to 1"])
        }
        if entries.count > 25 {
            // The value rendering Coral puts first is left out (assumed, as TransactWriteItems' message here).
            throw .constraint(["Value at 'statements' failed to satisfy constraint: Member must have length less than or equal to 25"])
        }
        let consumedCapacity = try ReturnOptions(call.body, allowedValues: ["NONE"]).consumedCapacity
        var parsed: [(PartiQLRequest, Result<PartiQLStatement, DynamoDBError>)] = []
        for (position, entry) in entries.enumerated() {
            var request = try Self.partiQLRequest(entry, member: "statements.\(position + 1).member.")
            request.consistentRead = try entry.bool("ConsistentRead")
            request.consumedCapacity = consumedCapacity
            do throws(DynamoDBError) {
                let statement = try PartiQLParser.parse(request.text, parameters: request.parameters)
                if case .exists = statement {
                    throw PartiQLError.unsupported("EXISTS can only be used in ExecuteTransaction write requests.")
                }
                parsed.append((request, .success(statement)))
            } catch {
                parsed.append((request, .failure(error)))
            }
        }
        let statements = parsed.compactMap { try? $0.1.get() }
        if Set(statements.map(\.isRead)).count > 1 {
            throw .validation("Read and write requests together in the same batch is not supported")
        }
        var seen: Set<String> = []
        for statement in statements {
            guard let key = partiQLItemKey(statement, region: call.region) else { continue }
            if !seen.insert(key).inserted { throw .validation("Provided list of item keys contains duplicates") }
        }
        var responses: [JSONValue] = []
        var consumed: [JSONValue] = []
        for (request, result) in parsed {
            do throws(DynamoDBError) {
                let statement = try result.get()
                if case .select(let select) = statement {
                    // Each read names a whole key (API Reference); the WHERE's other conjuncts filter it.
                    let (schema, _) = try partiQLSchema(table: select.table, index: select.index, region: call.region)
                    guard let condition = select.condition, (try? Self.keyAndRest(condition, schema: schema)) != nil else {
                        throw PartiQLError.incompleteKey
                    }
                }
                let answer = try runPartiQL(statement, request, region: call.region, now: call.now)
                if let units = answer["ConsumedCapacity"] { consumed.append(units) }
                var response: [(String, JSONValue)] = [("TableName", .string(statement.table))]
                if let item = answer["Items"]?.arrayValue?.first { response.append(("Item", item)) }
                responses.append(.object(response))
            } catch {
                responses.append(["Error": Self.batchStatementError(error)])
            }
        }
        var out: [(String, JSONValue)] = [("Responses", .array(responses))]
        if consumedCapacity != "NONE" { out.append(("ConsumedCapacity", .array(ConsumedCapacitySum.byTable(consumed)))) }
        return .object(out)
    }

    /// A BatchStatementError: the exception's name as the API Reference's codes spell it
    /// (`ConditionalCheckFailed`, `ValidationError`, `ResourceNotFound`, `DuplicateItem`, …), its
    /// message, and the item a failed condition saw when ALL_OLD was asked for.
    static func batchStatementError(_ error: DynamoDBError) -> JSONValue {
        let codes = [
            "ValidationException": "ValidationError", "ThrottlingException": "ThrottlingError",
            "SerializationException": "ValidationError",
        ]
        var code = codes[error.type] ?? error.type
        if code.hasSuffix("Exception") { code = String(code.dropLast("Exception".count)) }
        var members: [(String, JSONValue)] = [("Code", .string(code)), ("Message", .string(error.message))]
        if let item = error.extra.first(where: { $0.0 == "Item" })?.1 { members.append(("Item", item)) }
        return .object(members)
    }

    /// `"<table>\u{0}<key JSON>"` for a statement that names one item by its whole key, for the batch's
    /// duplicate check; nil when it names none (or an invalid one: that statement fails on its own).
    func partiQLItemKey(_ statement: PartiQLStatement, region: String) -> String? {
        guard let (schema, _) = try? partiQLSchema(table: statement.table, index: nil, region: region) else { return nil }
        let keyJSON: JSONValue?
        switch statement {
        case .insert(_, let item):
            keyJSON = .object(schema.attributes.compactMap { attribute in item[attribute.name].map { (attribute.name, $0) } })
        case .update(let update): keyJSON = try? Self.keyAndRest(update.condition, schema: schema).key
        case .delete(let delete): keyJSON = try? Self.keyAndRest(delete.condition, schema: schema).key
        case .select(let select), .exists(let select):
            guard select.index == nil, let condition = select.condition else { return nil }
            keyJSON = try? Self.keyAndRest(condition, schema: schema).key
        }
        guard let keyJSON, let key = try? AttributeValue.decodeMap(keyJSON), key.count == schema.attributes.count else { return nil }
        // Numbers normalised, so `1` and `1.0` are one key.
        return statement.table + "\u{0}" + Item.json(key).serialized()
    }
}
