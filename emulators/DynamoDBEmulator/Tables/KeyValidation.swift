/// DynamoDB's checks on key attributes, for whole items (PutItem) and for `Key` parameters.
///
/// Messages: "Missing the key … in the item" and "Type mismatch for key …" are DynamoDB's documented
/// texts; "The provided key element does not match the schema" is DynamoDB's answer for a Key with
/// missing, extra or wrongly typed members; the empty-string text is DynamoDB's since empty strings
/// became legal in non-key attributes (2020).
enum KeyValidation {
    /// An update may not reach inside an index key attribute (`SET x.y`, `REMOVE x[0]`): DynamoDB's text
    /// as the ScyllaDB suite's comments quote it from AWS.
    static func checkIndexKeyPaths(_ paths: [DocumentPath], table: TableDefinition) throws(DynamoDBError) {
        let keys = Set(table.indexes.flatMap { $0.keySchema.attributes.map(\.name) })
        if let nested = paths.first(where: { $0.elements.count > 1 && keys.contains($0.attribute) }) {
            throw .validation("Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: \(nested.attribute)")
        }
    }

    /// Validates the key attributes of a full item, including index keys that are present.
    static func checkItem(_ item: Item, table: TableDefinition) throws(DynamoDBError) -> ItemKey {
        for attribute in table.keySchema.attributes {
            guard let value = item[attribute.name] else {
                throw .invalidParameter("Missing the key \(attribute.name) in the item")
            }
            guard value.typeTag == attribute.type else {
                throw .invalidParameter("Type mismatch for key \(attribute.name) expected: \(attribute.type) actual: \(value.typeTag)")
            }
            try checkNotEmpty(value, name: attribute.name)
        }
        try checkSizes(item, schema: table.keySchema)
        for index in table.indexes {
            for attribute in index.keySchema.attributes {
                guard let value = item[attribute.name] else { continue }
                guard value.typeTag == attribute.type else {
                    throw .invalidParameter("Type mismatch for Index Key \(attribute.name) Expected: \(attribute.type) Actual: \(value.typeTag) IndexName: \(index.name)")
                }
                if isEmpty(value) {
                    throw .invalidParameter("One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: \(index.name), IndexKey: \(attribute.name)")
                }
            }
            try checkSizes(item, schema: index.keySchema)
        }
        // An update can nest a value deeper than any request could (SET a.b.c = :deep).
        if item.values.contains(where: { $0.nestingLevels > AttributeValue.maximumNesting }) {
            throw AttributeValue.nestingLimitExceeded
        }
        let size = Item.size(item)
        if size > Item.maximumSize { throw .validation("Item size has exceeded the maximum allowed size") }
        return table.keySchema.key(of: item)!
    }

    /// Validates a `Key` parameter: exactly the schema's attributes, with the schema's types.
    static func checkKey(_ key: Item, schema: KeySchema) throws(DynamoDBError) -> ItemKey {
        let mismatch = DynamoDBError.validation("The provided key element does not match the schema")
        guard key.count == schema.attributes.count else { throw mismatch }
        for attribute in schema.attributes {
            guard let value = key[attribute.name], value.typeTag == attribute.type else { throw mismatch }
            try checkNotEmpty(value, name: attribute.name)
        }
        try checkSizes(key, schema: schema)
        return schema.key(of: key)!
    }

    /// "The maximum length of a partition key value is 2048 bytes", of a sort key value 1024 bytes
    /// (Developer Guide, "Quotas").
    static let maximumHashKeyBytes = 2048
    static let maximumRangeKeyBytes = 1024

    /// Whether `item`'s values for `schema`'s key fit DynamoDB's key-size limits (absent ones do).
    static func keySizesFit(_ item: Item, schema: KeySchema) -> Bool {
        let (hash, range) = keyBytes(item, schema: schema)
        return hash <= maximumHashKeyBytes && range <= maximumRangeKeyBytes
    }

    /// Refuses key values over the limits with DynamoDB's texts (as public emulators quote AWS; the
    /// same texts assumed for index keys). A multi-attribute key's limits apply to the sum of its
    /// partition values and to the sum of its sort values ("Aggregated size of all range keys has
    /// exceeded the size limit of 1024 bytes", quoted live in formkiq/formkiq-core#271, 2024; the
    /// aggregation of partition values is assumed alike).
    static func checkSizes(_ item: Item, schema: KeySchema) throws(DynamoDBError) {
        let (hash, range) = keyBytes(item, schema: schema)
        if hash > maximumHashKeyBytes {
            throw .invalidParameter("Size of hashkey has exceeded the maximum size limit of \(maximumHashKeyBytes) bytes")
        }
        if range > maximumRangeKeyBytes {
            throw .invalidParameter("Aggregated size of all range keys has exceeded the size limit of \(maximumRangeKeyBytes) bytes")
        }
    }

    /// Bytes of `item`'s partition values and of its sort values under `schema` (absent ones count 0).
    private static func keyBytes(_ item: Item, schema: KeySchema) -> (hash: Int, range: Int) {
        var hash = 0, range = 0
        for attribute in schema.hashAttributes { hash += item[attribute.name]?.size ?? 0 }
        for attribute in schema.rangeAttributes { range += item[attribute.name]?.size ?? 0 }
        return (hash, range)
    }

    private static func checkNotEmpty(_ value: AttributeValue, name: String) throws(DynamoDBError) {
        if isEmpty(value) {
            throw .validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty \(value.typeTag == "S" ? "string" : "binary") value. Key: \(name)")
        }
    }

    static func isEmpty(_ value: AttributeValue) -> Bool {
        switch value {
        case .s(let s): s.isEmpty
        case .b(let b): b.isEmpty
        default: false
        }
    }
}
