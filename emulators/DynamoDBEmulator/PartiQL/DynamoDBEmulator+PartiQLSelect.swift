import DrydockCore
import Foundation

extension DynamoDBEmulator {
    /// SELECT as Queries or a Scan. With `<partition key> = v` or `<partition key> IN (v, …)` among the
    /// WHERE's conjuncts it is one Query per value (at most one sort-key condition as the key
    /// condition, the other conjuncts as the filter); otherwise — or when a leftover conjunct reads a
    /// key attribute, which a Query filter may not — a Scan with the whole WHERE as its filter.
    ///
    /// Several partition-key values (at most 50) are read in the order given, or in key order with
    /// `ORDER BY <partition key>`, in pages of at most 10 items read, as the Developer Guide describes
    /// for IN; the NextToken then also records which value the page stopped in.
    func partiQLSelect(_ select: PartiQLStatement.Select, _ request: PartiQLRequest, region: String, now: Date) throws(DynamoDBError) -> JSONValue {
        let (schema, index) = try partiQLSchema(table: select.table, index: select.index, region: region)
        if request.consistentRead == true, index?.isGlobal == true {
            throw PartiQLError.unsupported("Strongly consistent read is not supported on Global Secondary Indexes")
        }
        let split = Self.keyConditionSplit(select.condition, schema: schema)
        let (hashValues, forward) = try Self.readOrder(select, split: split, schema: schema)
        if hashValues.count > Self.maximumPartitionValues {
            // The limit is documented; the text is DynamoDB Local's for too many decomposed reads (assumed).
            throw PartiQLError.unsupported("Too many decomposed read operations for a given query.")
        }
        let position = try request.nextToken.map { (token) throws(DynamoDBError) in
            try PartiQLNextToken.read(token, statement: request.text, parameters: request.parameters)
        }
        if let read = position?.read, read >= max(hashValues.count, 1) { throw PartiQLError.invalidNextToken }
        var base: [(String, JSONValue)] = [("TableName", .string(select.table))]
        if let index {
            base.append(("IndexName", .string(index.name)))
            base.append(("Select", "ALL_PROJECTED_ATTRIBUTES"))
        }
        if let consistent = request.consistentRead { base.append(("ConsistentRead", .bool(consistent))) }
        if request.consumedCapacity != "NONE" { base.append(("ReturnConsumedCapacity", .string(request.consumedCapacity))) }

        var page: PartiQLPage
        if let split, !hashValues.isEmpty {
            page = try readPartitions(
                hashValues, split: split, schema: schema, base: base, forward: forward, limit: request.limit, from: position,
                region: region, now: now)
        } else {
            var writer = PartiQLRequestWriter()
            var members = base
            if let condition = select.condition { members.append(("FilterExpression", .string(try writer.condition(condition)))) }
            members += writer.members
            if let limit = request.limit { members.append(("Limit", .number(limit))) }
            if let start = position?.key { members.append(("ExclusiveStartKey", start)) }
            page = PartiQLPage()
            page.add(try scan(DynamoDBCall(region: region, body: RequestBody(members: members), now: now)).json(), read: 0)
        }
        var items = page.items
        if let projection = select.projection { items = items.map { Self.project($0, projection) } }
        var out: [(String, JSONValue)] = [("Items", .array(items))]
        if let next = page.next {
            let token = PartiQLNextToken.make(lastEvaluatedKey: next.key, read: next.read, statement: request.text, parameters: request.parameters)
            out.append(("NextToken", .string(token)))
        }
        if let last = page.next?.key { out.append(("LastEvaluatedKey", last)) }
        if let total = ConsumedCapacitySum.byTable(page.consumed).first { out.append(("ConsumedCapacity", total)) }
        return .object(out)
    }

    /// One Query per partition-key value from where `position` left off, until `limit` items were read
    /// (at most 10 a page for several values) or a Query stopped early.
    private func readPartitions(
        _ values: [JSONValue], split: PartitionReads, schema: KeySchema, base: [(String, JSONValue)], forward: Bool,
        limit: Int?, from position: (key: JSONValue?, read: Int)?, region: String, now: Date
    ) throws(DynamoDBError) -> PartiQLPage {
        var page = PartiQLPage()
        var remaining = values.count > 1 ? min(limit ?? Self.partitionValuesPage, Self.partitionValuesPage) : limit
        var start = position?.key
        for read in (position?.read ?? 0)..<values.count {
            var writer = PartiQLRequestWriter()
            let hash = PartiQLExpression.compare(.path(PartiQLPath(elements: [.name(schema.hash.name)])), .eq, .value(values[read]))
            var members = base
            members.append(("KeyConditionExpression", .string(try writer.conjunction([hash] + split.range) ?? "")))
            if let filter = try writer.conjunction(split.filter) { members.append(("FilterExpression", .string(filter))) }
            if !forward { members.append(("ScanIndexForward", false)) }
            members += writer.members
            if let remaining { members.append(("Limit", .number(remaining))) }
            if let key = start { members.append(("ExclusiveStartKey", key)) }
            start = nil
            let answer = try query(DynamoDBCall(region: region, body: RequestBody(members: members), now: now)).json()
            page.add(answer, read: read)
            if page.next != nil { break }
            if let left = remaining {
                let rest = left - (answer["ScannedCount"]?.intValue ?? 0)
                if rest <= 0 {
                    if read + 1 < values.count { page.next = (nil, read + 1) }
                    break
                }
                remaining = rest
            }
        }
        return page
    }

    /// "at max 50 hash attribute values" for IN, "returned in pages of up to 10 items" (Developer Guide,
    /// PartiQL operators).
    static let maximumPartitionValues = 50
    static let partitionValuesPage = 10

    /// The partition-key values to read in order (none: a Scan) and the sort-key direction, after ORDER
    /// BY's rules (texts from DynamoDB Local's message table).
    static func readOrder(
        _ select: PartiQLStatement.Select, split: PartitionReads?, schema: KeySchema
    ) throws(DynamoDBError) -> (values: [JSONValue], forward: Bool) {
        var values = split?.hashValues ?? []
        guard !select.ordering.isEmpty else { return (values, true) }
        guard select.condition != nil else {
            throw PartiQLError.unsupported("Must have WHERE clause in the statement when using ORDER BY clause.")
        }
        guard split != nil else {
            throw PartiQLError.unsupported("Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.")
        }
        let keyNames = Set(schema.attributes.map(\.name))
        for order in select.ordering where !keyNames.contains(order.name) {
            throw PartiQLError.unsupported("Variable reference \(order.name) in ORDER BY clause must be part of the primary key")
        }
        let hashOrder = select.ordering.first { $0.name == schema.hash.name }
        if values.count > 1 {
            guard let hashOrder else {
                throw PartiQLError.unsupported("Must have hash key in ORDER BY clause when more than one hash key condition specified in WHERE clause.")
            }
            values.sort { a, b in
                guard let x = try? AttributeValue.decode(a), let y = try? AttributeValue.decode(b), let order = x.compare(y) else { return false }
                return hashOrder.descending ? order > 0 : order < 0
            }
        }
        let rangeOrder = select.ordering.first { $0.name == schema.range?.name }
        return (values, !(rangeOrder ?? hashOrder ?? select.ordering[0]).descending)
    }

    /// A SELECT's WHERE as partition reads: the partition-key values (`=` or `IN`), at most one
    /// sort-key condition, and the filter conjuncts.
    struct PartitionReads {
        var hashValues: [JSONValue]
        var range: [PartiQLExpression]
        var filter: [PartiQLExpression]
    }

    /// The WHERE as partition reads; nil when the read must be a Scan (no partition-key `=` or `IN` of
    /// values, or a remaining conjunct reads a key attribute, which a Query filter may not).
    static func keyConditionSplit(_ condition: PartiQLExpression?, schema: KeySchema) -> PartitionReads? {
        guard let condition else { return nil }
        var rest = condition.conjuncts
        var values: [JSONValue] = []
        if let at = rest.firstIndex(where: { $0.equality(on: schema.hash.name) != nil }), let value = rest[at].equality(on: schema.hash.name) {
            values = [value]
            rest.remove(at: at)
        } else if let at = rest.firstIndex(where: { partitionValues($0, on: schema.hash.name) != nil }),
                  let list = partitionValues(rest[at], on: schema.hash.name) {
            values = list
            rest.remove(at: at)
        } else {
            return nil
        }
        var range: [PartiQLExpression] = []
        if let sortKey = schema.range, let at = rest.firstIndex(where: { isSortKeyCondition($0, on: sortKey.name) }) {
            range.append(rest.remove(at: at))
        }
        let keyNames = Set(schema.attributes.map(\.name))
        if rest.contains(where: { !$0.attributes.isDisjoint(with: keyNames) }) { return nil }
        return PartitionReads(hashValues: values, range: range, filter: rest)
    }

    /// The partition-key values a conjunct names: `<name> IN (v, …)` or `<name> = v OR <name> = w …`
    /// (DynamoDB reads both as one Query per value, as the Developer Guide's examples show), duplicates
    /// read once; nil for anything else.
    static func partitionValues(_ expression: PartiQLExpression, on name: String) -> [JSONValue]? {
        var found: [JSONValue] = []
        switch expression {
        case .isIn(.path(let path), let list) where path.elements == [.name(name)]:
            for member in list {
                guard case .value(let value) = member else { return nil }
                found.append(value)
            }
        case .or(let a, let b):
            guard let left = partitionValues(a, on: name), let right = partitionValues(b, on: name) else { return nil }
            found = left + right
        default:
            guard let value = expression.equality(on: name) else { return nil }
            found = [value]
        }
        var values: [JSONValue] = []
        for value in found where !values.contains(value) { values.append(value) }
        return values
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

/// What a SELECT's reads gathered: items, each read's consumed capacity, and where the next page starts
/// (a `LastEvaluatedKey`, or none when it starts a new partition-key value, and which read).
struct PartiQLPage {
    var items: [JSONValue] = []
    var consumed: [JSONValue] = []
    var next: (key: JSONValue?, read: Int)?

    /// Adds one Query's or Scan's answer, read number `read`; a `LastEvaluatedKey` ends the page there.
    mutating func add(_ answer: JSONValue, read: Int) {
        items += answer["Items"]?.arrayValue ?? []
        if let units = answer["ConsumedCapacity"] { consumed.append(units) }
        if let key = answer["LastEvaluatedKey"] { next = (key, read) }
    }
}
