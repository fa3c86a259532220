import DrydockCore

/// Coral's length constraints on the attribute names a table or index declares: every KeySchema
/// element's, every AttributeDefinition's and every projected NonKeyAttributes name is 1–255
/// characters (the API Reference's `KeySchemaAttributeName` and `NonKeyAttributeName`). DynamoDB
/// checks them with the other member constraints, before the schema's consistency, so a too-long
/// name is reported even where the names also disagree with each other.
extension CreateTableRequest {
    /// The longest key or projected attribute name.
    static let maximumKeyAttributeNameLength = 255

    /// Adds a violation for each too-long or empty name in `body`'s `KeySchema`,
    /// `AttributeDefinitions` and indexes (`indexMembers`: the request members holding index
    /// descriptions, with Coral's member path for each).
    static func checkAttributeNameLengths(
        _ body: RequestBody, indexMembers: [(key: String, path: String)], into violations: inout [String]
    ) throws(DynamoDBError) {
        for (i, element) in (try body.objects("KeySchema") ?? []).enumerated() {
            checkLength(try element.string("AttributeName"), at: "keySchema.\(i + 1).member.attributeName", into: &violations)
        }
        for (i, definition) in (try body.objects("AttributeDefinitions") ?? []).enumerated() {
            checkLength(try definition.string("AttributeName"), at: "attributeDefinitions.\(i + 1).member.attributeName", into: &violations)
        }
        for (key, path) in indexMembers {
            for (i, index) in (try body.objects(key) ?? []).enumerated() {
                try checkIndexNameLengths(index, at: "\(path).\(i + 1).member", into: &violations)
            }
        }
    }

    /// One index description's key and projected names (`at`: its Coral member path).
    static func checkIndexNameLengths(_ index: RequestBody, at path: String, into violations: inout [String]) throws(DynamoDBError) {
        for (j, element) in (try index.objects("KeySchema") ?? []).enumerated() {
            checkLength(try element.string("AttributeName"), at: "\(path).keySchema.\(j + 1).member.attributeName", into: &violations)
        }
        // A list past Coral's length is reported as one violation, not one per name.
        guard try checkNonKeyAttributeCount(index, at: path, into: &violations) else { return }
        for (j, name) in (try index.object("Projection")?.array("NonKeyAttributes") ?? []).enumerated() {
            checkLength(name.stringValue, at: "\(path).projection.nonKeyAttributes.\(j + 1).member", into: &violations)
        }
    }

    private static func checkLength(_ name: String?, at member: String, into violations: inout [String]) {
        guard let name else { return }
        if name.isEmpty {
            violations.append("Value '' at '\(member)' failed to satisfy constraint: Member must have length greater than or equal to 1")
        } else if name.count > maximumKeyAttributeNameLength {
            violations.append("Value '\(name)' at '\(member)' failed to satisfy constraint: Member must have length less than or equal to \(maximumKeyAttributeNameLength)")
        }
    }
}
