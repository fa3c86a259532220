import DrydockCore
import EmulatorKit

/// The members of a DynamoDB request body, read with the types the API model gives them. A member of
/// the wrong JSON type is a `SerializationException`, as Coral's deserializer answers (naming the type,
/// not the member); `null` reads as absent.
struct RequestBody: JSONMemberReader, Sendable {
    let members: [(String, JSONValue)]

    init(_ value: JSONValue) throws(DynamoDBError) {
        guard case .object(let members) = value else {
            throw AttributeValue.typeMismatch(value, "Structure")
        }
        self.members = members
    }

    init(members: [(String, JSONValue)]) { self.members = members }

    func mismatch(_ key: String, _ value: JSONValue, expected: JSONMemberType) -> DynamoDBError {
        let wanted = switch expected {
        case .string: "String"
        case .boolean: "Boolean"
        case .integer: "Integer"
        case .list: "List"
        case .structure: "Structure"
        case .map: "Map"
        }
        return AttributeValue.typeMismatch(value, wanted)
    }

    func object(_ key: String) throws(DynamoDBError) -> RequestBody? {
        guard let value = value(key) else { return nil }
        guard case .object(let members) = value else { throw mismatch(key, value, expected: .structure) }
        return RequestBody(members: members)
    }

    /// A list of structures.
    func objects(_ key: String) throws(DynamoDBError) -> [RequestBody]? {
        guard let items = try array(key) else { return nil }
        var out: [RequestBody] = []
        for item in items {
            guard case .object(let members) = item else { throw mismatch(key, item, expected: .structure) }
            out.append(RequestBody(members: members))
        }
        return out
    }

    /// A map of string → string (`ExpressionAttributeNames`).
    func stringMap(_ key: String) throws(DynamoDBError) -> [String: String]? {
        guard let value = value(key) else { return nil }
        guard case .object(let members) = value else { throw mismatch(key, value, expected: .map) }
        var out: [String: String] = [:]
        for (name, member) in members {
            guard case .string(let s) = member else { throw mismatch(key, member, expected: .string) }
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
