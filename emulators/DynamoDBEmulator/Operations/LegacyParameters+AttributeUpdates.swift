import DrydockCore

/// `AttributeUpdates` (UpdateItem's legacy member), read and translated into update actions.
extension LegacyParameters {
    struct RawUpdate {
        let attribute: String
        let action: String
        let value: AttributeValue?
    }

    static func attributeUpdates(_ body: RequestBody, layer: ValueLayer, violations: inout [String]) throws(DynamoDBError) -> [RawUpdate]? {
        guard let value = body.value("AttributeUpdates") else { return nil }
        guard case .object(let entries) = value else { throw AttributeValue.typeMismatch(value, "Map") }
        var out: [RawUpdate] = []
        for (attribute, entry) in entries {
            try AttributeValue.checkNameSize(attribute)
            guard case .object(let members) = entry else { throw AttributeValue.typeMismatch(entry, "Structure") }
            let fields = RequestBody(members: members)
            let action = try fields.string("Action") ?? "PUT"
            if !["ADD", "PUT", "DELETE"].contains(action) {
                violations.append("Value '\(action)' at 'attributeUpdates.\(attribute).member.action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]")
            }
            let single = try fields.value("Value").map { (v) throws(DynamoDBError) in try AttributeValue.decode(v, layer: layer) }
            out.append(RawUpdate(attribute: attribute, action: action, value: single))
        }
        return out
    }

    /// `AttributeUpdates` as update actions: PUT is SET, DELETE without a value REMOVE, DELETE with a
    /// set DELETE, ADD of a number or set ADD, ADD of a list appends (`list_append(if_not_exists(a,
    /// []), v)`). Rules and texts as recorded from AWS by a public emulator's suite.
    static func updateExpression(_ updates: [RawUpdate]) throws(DynamoDBError) -> UpdateExpression {
        var actions: [UpdateExpression.Action] = []
        for update in updates {
            let path = DocumentPath(elements: [.name(update.attribute)])
            guard let value = update.value else {
                guard update.action == "DELETE" else {
                    throw .invalidParameter("Only DELETE action is allowed when no attribute value is specified")
                }
                actions.append(.remove(path))
                continue
            }
            switch update.action {
            case "DELETE":
                guard ["SS", "NS", "BS"].contains(value.typeTag) else {
                    throw .invalidParameter("DELETE action with value is not supported for the type \(value.typeTag)")
                }
                actions.append(.delete(path, value))
            case "ADD":
                switch value.typeTag {
                case "N", "SS", "NS", "BS": actions.append(.add(path, value))
                case "L": actions.append(.set(path, .listAppend(.ifNotExists(path, .value(.l([]))), .value(value))))
                default: throw .invalidParameter("ADD action is not supported for the type \(value.typeTag)")
                }
            default:
                actions.append(.set(path, .value(value)))
            }
        }
        return UpdateExpression(actions: actions, isLegacy: true)
    }
}
