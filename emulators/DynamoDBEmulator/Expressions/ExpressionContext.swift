/// `ExpressionAttributeNames` and `ExpressionAttributeValues` of one request, remembering which ones
/// the request's expressions used so the leftovers can be refused as DynamoDB does.
struct ExpressionContext {
    let names: [String: String]?
    let values: [String: AttributeValue]?
    private(set) var usedNames = Set<String>()
    private(set) var usedValues = Set<String>()

    /// Reads both maps from `body`, with DynamoDB's checks on their presence.
    ///
    /// - Parameter hasExpressions: whether the request carries any expression; both maps are refused
    ///   without one.
    init(_ body: RequestBody, hasExpressions: Bool, layer: ValueLayer = .current) throws(DynamoDBError) {
        names = try body.stringMap("ExpressionAttributeNames")
        values = try Self.values(body, layer: layer)
        if !hasExpressions {
            if names != nil { throw Self.envelopable("ExpressionAttributeNames can only be specified when using expressions") }
            if values != nil { throw Self.envelopable("ExpressionAttributeValues can only be specified when using expressions") }
        }
        // Placeholder keys must be "#word" / ":word" (DynamoDB's text, seen in public reports), of at
        // most 255 bytes (DynamoDB's documented limit; texts as a public emulator captured them, the
        // names' with the size and the values' without — assumed).
        for key in (names?.keys.sorted() ?? []) {
            if key.utf8.count > ExpressionLimits.maximumPlaceholderBytes {
                throw .validation("ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: \(key.utf8.count)")
            }
            if !Self.isPlaceholder(key, sigil: "#") {
                throw .validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \"\(key)\"")
            }
            // AWS's text as users quote it.
            if names?[key]?.isEmpty == true {
                throw .validation("ExpressionAttributeNames contains invalid value: Empty attribute name for key \(key)")
            }
            if let name = names?[key] { try AttributeValue.checkNameSize(name) }
        }
        for key in (values?.keys.sorted() ?? []) {
            if key.utf8.count > ExpressionLimits.maximumPlaceholderBytes {
                throw .validation("ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;")
            }
            if !Self.isPlaceholder(key, sigil: ":") {
                throw .validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"\(key)\"")
            }
        }
        if let names, names.isEmpty { throw .validation("ExpressionAttributeNames must not be empty") }
        if let values, values.isEmpty { throw .validation("ExpressionAttributeValues must not be empty") }
        try Self.checkSubstitutionSize(names: names ?? [:], values: values ?? [:])
    }

    /// "The maximum length of all substitution variables in an expression is 2 MB": placeholders plus
    /// names, placeholders plus values (sized as in items). Texts from DynamoDB Local's error table
    /// (assumed for the service).
    static func checkSubstitutionSize(names: [String: String], values: [String: AttributeValue]) throws(DynamoDBError) {
        let limit = ExpressionLimits.maximumSubstitutionBytes
        let namesSize = names.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        let valuesSize = values.reduce(0) { $0 + $1.key.utf8.count + $1.value.size }
        if namesSize > limit { throw .validation("ExpressionAttributeNames exceeds max size") }
        if valuesSize > limit { throw .validation("ExpressionAttributeValues exceeds max size") }
        if namesSize + valuesSize > limit {
            throw .validation("Combined size of ExpressionAttributeNames and ExpressionAttributeValues exceeds max size")
        }
    }

    init(names: [String: String]? = nil, values: [String: AttributeValue]? = nil) {
        self.names = names
        self.values = values
    }

    /// ExpressionAttributeValues; the older layer wraps a bad value as
    /// "ExpressionAttributeValues contains invalid value: … for key :v", and both wrap a value nested
    /// too deep so (captured from AWS for TransactWriteItems by a public conformance suite; assumed for
    /// the current layer, where AWS's own answers differ by region).
    private static func values(_ body: RequestBody, layer: ValueLayer) throws(DynamoDBError) -> [String: AttributeValue]? {
        guard let json = body.value("ExpressionAttributeValues"), case .object(let members) = json else {
            return try body.attributeMap("ExpressionAttributeValues", layer: layer)
        }
        var out: [String: AttributeValue] = [:]
        for (key, value) in members {
            do {
                out[key] = try AttributeValue.decode(value, layer: layer)
            } catch where error == AttributeValue.nestingLimitExceeded || (layer == .older && error.type == "ValidationException") {
                throw .validation("ExpressionAttributeValues contains invalid value: \(error.message) for key \(key)")
            }
        }
        return out
    }

    static func isPlaceholder(_ key: String, sigil: Character) -> Bool {
        guard key.first == sigil, key.count > 1 else { return false }
        return key.dropFirst().allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    static func envelopable(_ message: String) -> DynamoDBError {
        var error = DynamoDBError.validation(message)
        error.envelopable = true
        return error
    }

    mutating func name(_ reference: String, kind: ExpressionKind) throws(DynamoDBError) -> String {
        guard let name = names?[reference] else {
            var error = kind.error("An expression attribute name used in the document path is not defined; attribute name: \(reference)")
            error.envelopable = true
            throw error
        }
        usedNames.insert(reference)
        return name
    }

    mutating func value(_ reference: String, kind: ExpressionKind) throws(DynamoDBError) -> AttributeValue {
        guard let value = values?[reference] else {
            var error = kind.error("An expression attribute value used in expression is not defined; attribute value: \(reference)")
            error.envelopable = true
            throw error
        }
        usedValues.insert(reference)
        return value
    }

    /// Refuses names or values no expression used (DynamoDB checks names first — assumed).
    func checkAllUsed() throws(DynamoDBError) {
        let unusedNames = (names?.keys.map { $0 } ?? []).filter { !usedNames.contains($0) }.sorted()
        if !unusedNames.isEmpty {
            throw .validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {\(unusedNames.joined(separator: ", "))}")
        }
        let unusedValues = (values?.keys.map { $0 } ?? []).filter { !usedValues.contains($0) }.sorted()
        if !unusedValues.isEmpty {
            throw .validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {\(unusedValues.joined(separator: ", "))}")
        }
    }
}
