import DrydockCore

extension DynamoDBEmulator {
    /// A PartiQL write as the request members of the item write it stands for, by TransactWriteItems'
    /// names (`Put`, `Update`, `Delete`, `ConditionCheck`) — used alone by ExecuteStatement and
    /// BatchExecuteStatement (with PutItem, UpdateItem, DeleteItem) and together by ExecuteTransaction:
    ///
    /// - INSERT → Put with `attribute_not_exists(<partition key>)` (an existing key is DuplicateItem);
    /// - UPDATE → Update of the WHERE's key with `attribute_exists(<partition key>)` and the other
    ///   conjuncts as its condition (an UPDATE never creates an item);
    /// - DELETE → Delete with the other conjuncts as `attribute_not_exists(<partition key>) OR (…)` (a
    ///   missing item is no error);
    /// - EXISTS(SELECT …) → ConditionCheck that the item exists and matches.
    func partiQLWrite(_ statement: PartiQLStatement, _ request: PartiQLRequest, region: String) throws(DynamoDBError) -> (kind: String, members: [(String, JSONValue)]) {
        var writer = PartiQLRequestWriter()
        var members: [(String, JSONValue)] = [("TableName", .string(statement.table))]
        let kind: String
        switch statement {
        case .select:
            throw PartiQLError.malformed("Expected data manipulation")
        case .insert(let table, let item):
            let (schema, _) = try partiQLSchema(table: table, index: nil, region: region)
            kind = "Put"
            members.append(("Item", item))
            members.append(("ConditionExpression", .string("attribute_not_exists(\(writer.name(schema.hash.name)))")))
        case .update(let update):
            let (schema, _) = try partiQLSchema(table: update.table, index: nil, region: region)
            let (key, rest) = try Self.keyAndRest(update.condition, schema: schema)
            kind = "Update"
            members.append(("Key", key))
            members.append(("UpdateExpression", .string(try writer.update(update.actions))))
            let exists = "attribute_exists(\(writer.name(schema.hash.name)))"
            let condition = try writer.conjunction(rest).map { "\(exists) AND (\($0))" } ?? exists
            members.append(("ConditionExpression", .string(condition)))
        case .delete(let delete):
            let (schema, _) = try partiQLSchema(table: delete.table, index: nil, region: region)
            let (key, rest) = try Self.keyAndRest(delete.condition, schema: schema)
            kind = "Delete"
            members.append(("Key", key))
            if let condition = try writer.conjunction(rest) {
                members.append(("ConditionExpression", .string("attribute_not_exists(\(writer.name(schema.hash.name))) OR (\(condition))")))
            }
        case .exists(let select):
            if select.index != nil { throw PartiQLError.unsupported("Operations on indices are not supported in transactions") }
            let (schema, _) = try partiQLSchema(table: select.table, index: nil, region: region)
            guard let condition = select.condition, let split = try? Self.keyAndRest(condition, schema: schema) else {
                throw PartiQLError.unsupported("EXISTS() must contain a single item read with additional condition")
            }
            kind = "ConditionCheck"
            members.append(("Key", split.key))
            let exists = "attribute_exists(\(writer.name(schema.hash.name)))"
            members.append(("ConditionExpression", .string(try writer.conjunction(split.rest).map { "\(exists) AND (\($0))" } ?? exists)))
        }
        members += writer.members
        if let onFailure = request.onConditionFailure { members.append(("ReturnValuesOnConditionCheckFailure", .string(onFailure))) }
        return (kind, members)
    }

    /// The item key a write's WHERE names (an equality on every key attribute, as DynamoDB requires of
    /// writes) and the conjuncts left over, which become the write's condition.
    static func keyAndRest(_ condition: PartiQLExpression, schema: KeySchema) throws(DynamoDBError) -> (key: JSONValue, rest: [PartiQLExpression]) {
        var rest = condition.conjuncts
        var key: [(String, JSONValue)] = []
        for attribute in schema.attributes {
            let matches = rest.indices.filter { rest[$0].equality(on: attribute.name) != nil }
            guard let first = matches.first, let value = rest[first].equality(on: attribute.name) else { throw PartiQLError.incompleteKey }
            if matches.count > 1 {
                throw PartiQLError.unsupported("Multiple conditions on same key \(attribute.name). Only single item Update/Insert/Delete are supported")
            }
            key.append((attribute.name, value))
            rest.remove(at: first)
        }
        return (.object(key), rest)
    }
}
