import DrydockCore

/// The members of a DynamoDB request body, read with the types the API model gives them. A member of
/// the wrong JSON type is a `SerializationException`, as Coral's deserializer answers; `null` reads as
/// absent.
struct RequestBody: Sendable {
    let members: [(String, JSONValue)]

    init(_ value: JSONValue) throws(DynamoDBError) {
        guard case .object(let members) = value else {
            throw AttributeValue.typeMismatch(value, "Structure")
        }
        self.members = members
    }

    init(members: [(String, JSONValue)]) { self.members = members }

    func value(_ key: String) -> JSONValue? {
        guard let value = members.last(where: { $0.0 == key })?.1, !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws(DynamoDBError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let s) = value else { throw AttributeValue.typeMismatch(value, "String") }
        return s
    }

    func bool(_ key: String) throws(DynamoDBError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let b) = value else { throw AttributeValue.typeMismatch(value, "Boolean") }
        return b
    }

    func int(_ key: String) throws(DynamoDBError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number = value, let i = value.intValue else { throw AttributeValue.typeMismatch(value, "Integer") }
        return i
    }

    func object(_ key: String) throws(DynamoDBError) -> RequestBody? {
        guard let value = value(key) else { return nil }
        guard case .object(let members) = value else { throw AttributeValue.typeMismatch(value, "Structure") }
        return RequestBody(members: members)
    }

    func array(_ key: String) throws(DynamoDBError) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw AttributeValue.typeMismatch(value, "List") }
        return items
    }

    /// A list of structures.
    func objects(_ key: String) throws(DynamoDBError) -> [RequestBody]? {
        guard let items = try array(key) else { return nil }
        var out: [RequestBody] = []
        for item in items {
            guard case .object(let members) = item else { throw AttributeValue.typeMismatch(item, "Structure") }
            out.append(RequestBody(members: members))
        }
        return out
    }

    /// A map of string → string (`ExpressionAttributeNames`).
    func stringMap(_ key: String) throws(DynamoDBError) -> [String: String]? {
        guard let value = value(key) else { return nil }
        guard case .object(let members) = value else { throw AttributeValue.typeMismatch(value, "Map") }
        var out: [String: String] = [:]
        for (name, member) in members {
            guard case .string(let s) = member else { throw AttributeValue.typeMismatch(member, "String") }
            out[name] = s
        }
        return out
    }

    /// An attribute-value map (`Item`, `Key`, `ExpressionAttributeValues`).
    func attributeMap(_ key: String, layer: ValueLayer = .current) throws(DynamoDBError) -> [String: AttributeValue]? {
        guard let value = value(key) else { return nil }
        return try AttributeValue.decodeMap(value, layer: layer)
    }
}
