import DrydockCore
import Foundation

extension DynamoDBEmulator {
    /// SELECT as a Query (an equality on the partition key, at most one sort-key condition, the rest a
    /// filter on non-key attributes) or else a Scan with the whole WHERE as its filter. `pk IN (…)` is
    /// read as a Scan too (same items; the emulator does not split it into one Query per value).
    func partiQLSelect(_ select: PartiQLStatement.Select, _ request: PartiQLRequest, region: String, now: Date) throws(DynamoDBError) -> JSONValue {
        let (schema, index) = try partiQLSchema(table: select.table, index: select.index, region: region)
        if request.consistentRead == true, index?.isGlobal == true {
            throw PartiQLError.unsupported("Strongly consistent read is not supported on Global Secondary Indexes")
        }
        let split = Self.keyConditionSplit(select.condition, schema: schema)
        let keyNames = Set(schema.attributes.map(\.name))
        var forward = true
        if !select.ordering.isEmpty {
            guard select.condition != nil else {
                throw PartiQLError.unsupported("Must have WHERE clause in the statement when using ORDER BY clause.")
            }
            guard split != nil else {
                throw PartiQLError.unsupported("Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.")
            }
            for order in select.ordering where !keyNames.contains(order.name) {
                throw PartiQLError.unsupported("Variable reference \(order.name) in ORDER BY clause must be part of the primary key")
            }
            let decisive = select.ordering.first { $0.name == schema.range?.name } ?? select.ordering[0]
            forward = !decisive.descending
        }
        var writer = PartiQLRequestWriter()
        var members: [(String, JSONValue)] = [("TableName", .string(select.table))]
        if let index {
            members.append(("IndexName", .string(index.name)))
            members.append(("Select", "ALL_PROJECTED_ATTRIBUTES"))
        }
        if let split {
            members.append(("KeyConditionExpression", .string(try writer.conjunction(split.key) ?? "")))
            if let filter = try writer.conjunction(split.filter) { members.append(("FilterExpression", .string(filter))) }
            if !forward { members.append(("ScanIndexForward", false)) }
        } else if let condition = select.condition {
            members.append(("FilterExpression", .string(try writer.condition(condition))))
        }
        members += writer.members
        if let limit = request.limit { members.append(("Limit", .number(String(limit)))) }
        if let consistent = request.consistentRead { members.append(("ConsistentRead", .bool(consistent))) }
        if let token = request.nextToken {
            members.append(("ExclusiveStartKey", try PartiQLNextToken.read(token, statement: request.text, parameters: request.parameters)))
        }
        if request.consumedCapacity != "NONE" { members.append(("ReturnConsumedCapacity", .string(request.consumedCapacity))) }
        let call = DynamoDBCall(region: region, body: RequestBody(members: members), now: now)
        let answer = split != nil ? try query(call) : try scan(call)
        let items = (answer["Items"]?.arrayValue ?? []).map { item in
            select.projection.map { Self.project(item, $0) } ?? item
        }
        var out: [(String, JSONValue)] = [("Items", .array(items))]
        if let last = answer["LastEvaluatedKey"] {
            out.append(("NextToken", .string(PartiQLNextToken.make(lastEvaluatedKey: last, statement: request.text, parameters: request.parameters))))
            out.append(("LastEvaluatedKey", last))
        }
        if let consumed = answer["ConsumedCapacity"] { out.append(("ConsumedCapacity", consumed)) }
        return .object(out)
    }

    /// The key-condition conjuncts (partition-key equality, then at most one sort-key condition) and the
    /// filter conjuncts; nil when the read must be a Scan (no partition-key equality, or a remaining
    /// conjunct reads a key attribute, which a Query filter may not).
    static func keyConditionSplit(_ condition: PartiQLExpression?, schema: KeySchema) -> (key: [PartiQLExpression], filter: [PartiQLExpression])? {
        guard let condition else { return nil }
        var rest = condition.conjuncts
        guard let hashAt = rest.firstIndex(where: { $0.equality(on: schema.hash.name) != nil }),
              let hashValue = rest[hashAt].equality(on: schema.hash.name)
        else { return nil }
        rest.remove(at: hashAt)
        var key: [PartiQLExpression] = [.compare(.path(PartiQLPath(elements: [.name(schema.hash.name)])), .eq, .value(hashValue))]
        if let range = schema.range, let rangeAt = rest.firstIndex(where: { isSortKeyCondition($0, on: range.name) }) {
            key.append(rest.remove(at: rangeAt))
        }
        let keyNames = Set(schema.attributes.map(\.name))
        if rest.contains(where: { !$0.attributes.isDisjoint(with: keyNames) }) { return nil }
        return (key, rest)
    }

    /// A condition a KeyConditionExpression takes on the sort key `name`: a comparison other than `<>`,
    /// BETWEEN or begins_with, with the key on the left and values elsewhere.
    static func isSortKeyCondition(_ expression: PartiQLExpression, on name: String) -> Bool {
        let key = PartiQLPath(elements: [.name(name)])
        switch expression {
        case .compare(.path(let p), let comparator, .value): return p == key && comparator != .ne
        case .between(.path(let p), .value, .value): return p == key
        case .function("begins_with", let arguments):
            guard arguments.count == 2, case .path(let p) = arguments[0], case .value = arguments[1] else { return false }
            return p == key
        default: return false
        }
    }

    /// An item (DynamoDB JSON) reduced to the projected paths, each under its `resultName`; a path the
    /// item lacks is left out.
    static func project(_ item: JSONValue, _ paths: [PartiQLPath]) -> JSONValue {
        var out: [(String, JSONValue)] = []
        for path in paths {
            var value: JSONValue? = nil
            for (position, element) in path.elements.enumerated() {
                switch element {
                case .name(let n): value = position == 0 ? item[n] : value?["M"]?[n]
                case .index(let i):
                    guard let list = value?["L"]?.arrayValue, i < list.count else { value = nil; break }
                    value = list[i]
                }
                if value == nil { break }
            }
            if let value { out.append((path.resultName, value)) }
        }
        return .object(out)
    }
}
