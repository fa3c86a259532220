import DrydockCore
import Foundation

/// One PartiQL statement's text, parameters and the request options it runs with.
struct PartiQLRequest {
    let text: String
    let parameters: [JSONValue]
    var consistentRead: Bool?
    var limit: Int?
    var nextToken: String?
    /// `ReturnConsumedCapacity` (NONE, TOTAL, INDEXES).
    var consumedCapacity = "NONE"
    var onConditionFailure: String?
}

extension DynamoDBEmulator {
    /// ExecuteStatement: one PartiQL statement (see `PartiQLParser`), run as the item request it stands
    /// for — SELECT as a Query when its WHERE has an equality on the partition key (plus at most one
    /// sort-key condition), else as a Scan; INSERT as a PutItem that must not overwrite; UPDATE as an
    /// UpdateItem of an existing item; DELETE as a DeleteItem — so conditions, updates, streams,
    /// indexes, consumed capacity and the data directory's log behave exactly as for those requests.
    /// Limit, NextToken, ConsistentRead, ReturnConsumedCapacity and ReturnValuesOnConditionCheckFailure
    /// as the API Reference gives them.
    func executeStatement(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        var request = try Self.partiQLRequest(call.body, member: "")
        request.limit = try call.body.int("Limit")
        if let limit = request.limit, limit < 1 {
            throw .constraint(["Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"])
        }
        request.nextToken = try call.body.string("NextToken")
        if let token = request.nextToken, token.isEmpty || token.utf8.count > PartiQLLimits.maximumNextTokenLength {
            throw PartiQLError.invalidNextToken
        }
        request.consistentRead = try call.body.bool("ConsistentRead")
        request.consumedCapacity = try ReturnOptions(call.body, allowedValues: ["NONE"]).consumedCapacity
        let statement = try PartiQLParser.parse(request.text, parameters: request.parameters)
        if case .exists = statement {
            throw PartiQLError.unsupported("EXISTS can only be used in ExecuteTransaction write requests.")
        }
        return try runPartiQL(statement, request, region: call.region, now: call.now)
    }

    /// `Statement`, `Parameters` and `ReturnValuesOnConditionCheckFailure` of a request or of one
    /// batch/transaction member (`member` is its Coral path, e.g. "statements.1.member.", for messages);
    /// the parameters are checked as attribute values up front.
    static func partiQLRequest(_ body: RequestBody, member: String) throws(DynamoDBError) -> PartiQLRequest {
        guard let text = try body.string("Statement") else { throw .missing(member + "statement") }
        if text.isEmpty {
            throw .constraint(["Value '' at '\(member)statement' failed to satisfy constraint: Member must have length greater than or equal to 1"])
        }
        if text.count > PartiQLLimits.maximumStatementLength {
            throw .constraint(["Value '\(text)' at '\(member)statement' failed to satisfy constraint: Member must have length less than or equal to \(PartiQLLimits.maximumStatementLength)"])
        }
        let parameters = try body.array("Parameters") ?? []
        if body.value("Parameters") != nil, parameters.isEmpty {
            throw .constraint(["Value '[]' at '\(member)parameters' failed to satisfy constraint: Member must have length greater than or equal to 1"])
        }
        for parameter in parameters { _ = try AttributeValue.decode(parameter) }
        let onFailure = try body.string("ReturnValuesOnConditionCheckFailure")
        if let onFailure, !["ALL_OLD", "NONE"].contains(onFailure) {
            throw .constraint(["Value '\(onFailure)' at '\(member)returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]"])
        }
        return PartiQLRequest(text: text, parameters: parameters, onConditionFailure: onFailure)
    }

    /// Runs a parsed statement; the answer has ExecuteStatement's shape (`Items`, `NextToken`,
    /// `LastEvaluatedKey`, `ConsumedCapacity`).
    func runPartiQL(_ statement: PartiQLStatement, _ request: PartiQLRequest, region: String, now: Date) throws(DynamoDBError) -> JSONValue {
        switch statement {
        case .select(let select):
            return try partiQLSelect(select, request, region: region, now: now)
        case .exists:
            throw PartiQLError.unsupported("EXISTS can only be used in ExecuteTransaction write requests.")
        case .insert, .update, .delete:
            if request.nextToken != nil { throw PartiQLError.invalidNextToken }  // assumed: a write has no pages
            let write = try partiQLWrite(statement, request, region: region)
            var members = write.members
            if request.consumedCapacity != "NONE" { members.append(("ReturnConsumedCapacity", .string(request.consumedCapacity))) }
            if let returning = statement.returning { members.append(("ReturnValues", .string(returning.returnValues))) }
            let call = DynamoDBCall(region: region, body: RequestBody(members: members), now: now)
            let answer: JSONValue
            do throws(DynamoDBError) {
                switch write.kind {
                case "Put": answer = try putItem(call)
                case "Update": answer = try updateItem(call)
                default: answer = try deleteItem(call)
                }
            } catch {
                if case .insert = statement, error.type == "ConditionalCheckFailedException" { throw PartiQLError.duplicateItem }
                throw error
            }
            var items: [JSONValue] = []
            if statement.returning != nil, let attributes = answer["Attributes"], attributes.objectValue?.isEmpty == false {
                items.append(attributes)
            }
            var out: [(String, JSONValue)] = [("Items", .array(items))]
            if let consumed = answer["ConsumedCapacity"] { out.append(("ConsumedCapacity", consumed)) }
            return .object(out)
        }
    }

    /// The key schema PartiQL reads against: the table's, or the index's for `"table"."index"`.
    func partiQLSchema(table: String, index: String?, region: String) throws(DynamoDBError) -> (KeySchema, SecondaryIndex?) {
        guard let definition = state.withLock({ $0.regions[region]?.tables[table]?.definition }) else { throw .resourceNotFound }
        guard let index else { return (definition.keySchema, nil) }
        guard let found = definition.index(named: index) else {
            throw .validation("The table does not have the specified index: \(index)")
        }
        return (found.keySchema, found)
    }
}
