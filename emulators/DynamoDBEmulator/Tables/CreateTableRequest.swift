import DrydockCore
import Foundation

/// CreateTable's input, validated in DynamoDB's order: Coral's member constraints first (collected into
/// one "N validation errors detected" message), then the table's own consistency rules.
///
/// Consistency messages follow dynalite's captures of DynamoDB (reference only); the BillingMode ones
/// are the texts DynamoDB answers today (SDK issue reports; confirmed by a public API-quirks
/// catalogue's live captures, ack-api-quirks 2026).
struct CreateTableRequest {
    let name: String
    let keySchema: KeySchema
    let attributeDefinitions: [KeyAttribute]
    let billingMode: String
    let readCapacity: Int
    let writeCapacity: Int
    let localIndexes: [SecondaryIndex]
    let globalIndexes: [SecondaryIndex]
    /// `TableClass` when the request gave one (DescribeTable reports a class only then).
    let tableClass: String?
    /// `WarmThroughput` when the request configured one (see `WarmThroughput`).
    let warmThroughput: WarmThroughput?

    /// `checks`: `.stored` for a fixture or snapshot table file and a replayed CreateTable (see `InputChecks`).
    init(_ body: RequestBody, checks: InputChecks = .request) throws(DynamoDBError) {
        var violations: [String] = []
        let name = try body.string("TableName")
        Self.checkTableName(name, member: "tableName", into: &violations)
        let schemaElements = try body.objects("KeySchema")
        let definitions = try body.objects("AttributeDefinitions")
        if definitions == nil {
            violations.append("Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null")
        }
        if let schemaElements {
            if schemaElements.isEmpty || schemaElements.count > 2 {
                let bound = schemaElements.isEmpty ? "greater than or equal to 1" : "less than or equal to 2"
                violations.append("Value '\(Self.describe(schemaElements))' at 'keySchema' failed to satisfy constraint: Member must have length \(bound)")
            }
            for (i, element) in schemaElements.enumerated() {
                if let type = try element.string("KeyType"), !["HASH", "RANGE"].contains(type) {
                    violations.append("Value '\(type)' at 'keySchema.\(i + 1).member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]")
                }
            }
        } else {
            violations.append("Value null at 'keySchema' failed to satisfy constraint: Member must not be null")
        }
        for (i, definition) in (definitions ?? []).enumerated() {
            if let type = try definition.string("AttributeType"), !["S", "N", "B"].contains(type) {
                violations.append("Value '\(type)' at 'attributeDefinitions.\(i + 1).member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]")
            }
        }
        // Index names are Coral constraints too: GSIs are reported before LSIs whatever the request's
        // order (captured from AWS by a public conformance suite, 2026).
        for kind in ["GlobalSecondaryIndexes", "LocalSecondaryIndexes"] {
            let member = kind.prefix(1).lowercased() + kind.dropFirst()
            for (i, index) in (try body.objects(kind) ?? []).enumerated() {
                if let indexName = try index.string("IndexName") {
                    Self.checkTableName(indexName, member: "\(member).\(i + 1).member.indexName", into: &violations)
                }
            }
        }
        if checks == .request {
            try Self.checkAttributeNameLengths(
                body, indexMembers: [("GlobalSecondaryIndexes", "globalSecondaryIndexes"), ("LocalSecondaryIndexes", "localSecondaryIndexes")],
                into: &violations)
        }
        let billing = try body.string("BillingMode")
        if let billing, !["PROVISIONED", "PAY_PER_REQUEST"].contains(billing) {
            violations.append("Value '\(billing)' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]")
        }
        let throughput = try body.object("ProvisionedThroughput")
        let read = try throughput?.int("ReadCapacityUnits")
        let write = try throughput?.int("WriteCapacityUnits")
        if let read, read < 1 {
            violations.append("Value '\(read)' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1")
        }
        if let write, write < 1 {
            violations.append("Value '\(write)' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1")
        }
        // Both units are required members of ProvisionedThroughput whenever it is sent.
        if throughput != nil, read == nil {
            violations.append("Value null at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must not be null")
        }
        if throughput != nil, write == nil {
            violations.append("Value null at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must not be null")
        }
        if !violations.isEmpty { throw .constraint(violations) }
        let tableClass = try Self.tableClass(body, checks: checks)
        guard let name, let schemaElements, let definitions else { throw .missing("tableName") }

        let mode = billing ?? "PROVISIONED"
        if mode == "PAY_PER_REQUEST", throughput != nil {
            throw .invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
        }
        if mode == "PROVISIONED", read == nil || write == nil {
            throw .invalidParameter("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
        }
        var attributes: [KeyAttribute] = []
        for definition in definitions {
            guard let n = try definition.string("AttributeName") else { throw .missing("attributeDefinitions.member.attributeName") }
            guard let t = try definition.string("AttributeType") else { throw .missing("attributeDefinitions.member.attributeType") }
            attributes.append(KeyAttribute(name: n, type: t))
        }
        var seenNames = Set<String>()
        for attribute in attributes where !seenNames.insert(attribute.name).inserted {
            // DynamoDB's text as a ScyllaDB maintainer quotes it from AWS (scylladb/scylladb#13870).
            throw .validation("Attribute Name is duplicated: \(attribute.name)")
        }
        let lsis = try body.objects("LocalSecondaryIndexes")
        let gsis = try body.objects("GlobalSecondaryIndexes")
        if checks == .request { try Self.checkProjectedAttributeCount(Self.projectedAttributeCount((lsis ?? []) + (gsis ?? []))) }
        let tableSchema = try Self.schema(schemaElements, definitions: attributes, isTable: true)
        if lsis == nil, gsis == nil, schemaElements.count != attributes.count {
            throw .invalidParameter("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions")
        }
        var names = Set<String>()
        var locals: [SecondaryIndex] = []
        if let lsis {
            if lsis.isEmpty { throw .invalidParameter("List of LocalSecondaryIndexes is empty") }
            if tableSchema.range == nil {
                throw .invalidParameter("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex")
            }
            for lsi in lsis {
                let index = try Self.index(lsi, definitions: attributes, isGlobal: false, billing: mode, checks: checks)
                if index.keySchema.range == nil {
                    throw .invalidParameter("Index KeySchema does not have a range key for index: \(index.name)")
                }
                if index.keySchema.hash.name != tableSchema.hash.name {
                    throw .invalidParameter("Index KeySchema does not have the same leading hash key as table KeySchema for index: \(index.name). index hash key: \(index.keySchema.hash.name), table hash key: \(tableSchema.hash.name)")
                }
                if !names.insert(index.name).inserted { throw .invalidParameter("Duplicate index name: \(index.name)") }
                locals.append(index)
            }
            if lsis.count > 5 { throw .invalidParameter("Number of LocalSecondaryIndexes exceeds per-table limit of 5") }
        }
        var globals: [SecondaryIndex] = []
        if let gsis {
            if gsis.isEmpty { throw .invalidParameter("List of GlobalSecondaryIndexes is empty") }
            for gsi in gsis {
                let index = try Self.index(gsi, definitions: attributes, isGlobal: true, billing: mode, checks: checks)
                if !names.insert(index.name).inserted { throw .invalidParameter("Duplicate index name: \(index.name)") }
                globals.append(index)
            }
            if gsis.count > 20 { throw .invalidParameter("GlobalSecondaryIndex count exceeds the per-table limit of 20") }
        }
        let used = Set(([tableSchema] + (locals + globals).map(\.keySchema)).flatMap { $0.attributes.map(\.name) })
        let unused = attributes.map(\.name).filter { !used.contains($0) }
        if !unused.isEmpty {
            throw .invalidParameter("Some AttributeDefinitions are not used. AttributeDefinitions: [\(attributes.map(\.name).joined(separator: ", "))], keys used: [\(used.sorted().joined(separator: ", "))]")
        }
        self.name = name
        keySchema = tableSchema
        attributeDefinitions = attributes
        billingMode = mode
        readCapacity = mode == "PROVISIONED" ? (read ?? 0) : 0
        writeCapacity = mode == "PROVISIONED" ? (write ?? 0) : 0
        localIndexes = locals
        globalIndexes = globals
        self.tableClass = tableClass
        warmThroughput = try WarmThroughputRequest.forCreate(
            body, subject: "table", billingMode: mode, throughput: mode == "PROVISIONED" ? (readCapacity, writeCapacity) : nil)
    }

    /// The table classes DynamoDB offers (API Reference, CreateTable `TableClass`).
    static let tableClasses = ["STANDARD", "STANDARD_INFREQUENT_ACCESS"]

    /// `TableClass`, refused with DynamoDB's own text when it is not one of `tableClasses` (matched
    /// case-sensitively; the text as a public conformance suite quotes it from AWS). Stored input's
    /// unknown class is ignored, as builds before the member was read ignored it.
    static func tableClass(_ body: RequestBody, checks: InputChecks = .request) throws(DynamoDBError) -> String? {
        guard let value = try body.string("TableClass") else { return nil }
        guard tableClasses.contains(value) else {
            if checks == .stored { return nil }
            throw .validation("Invalid table-class parameter provided. Please try again with a valid table-class value: [\(tableClasses.joined(separator: ", "))].")
        }
        return value
    }

    /// Coral's TableName constraints: 3–255 characters of `[a-zA-Z0-9_.-]`.
    static func checkTableName(_ name: String?, member: String, minimumLength: Int = 3, into violations: inout [String]) {
        guard let name else {
            violations.append("Value null at '\(member)' failed to satisfy constraint: Member must not be null")
            return
        }
        let allowed = name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"): true
            default: false
            }
        }
        if !allowed {
            violations.append("Value '\(name)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
        }
        if name.count < minimumLength {
            violations.append("Value '\(name)' at '\(member)' failed to satisfy constraint: Member must have length greater than or equal to \(minimumLength)")
        }
        if name.count > 255 {
            violations.append("Value '\(name)' at '\(member)' failed to satisfy constraint: Member must have length less than or equal to 255")
        }
    }

    private static func describe(_ elements: [RequestBody]) -> String {
        "[" + elements.map { element in
            "KeySchemaElement(attributeName=\(element.value("AttributeName")?.stringValue ?? "null"), keyType=\(element.value("KeyType")?.stringValue ?? "null"))"
        }.joined(separator: ", ") + "]"
    }

    private static func schema(_ elements: [RequestBody], definitions: [KeyAttribute], isTable: Bool) throws(DynamoDBError) -> KeySchema {
        let pairs = try namesAndTypes(elements)
        let names = pairs.map(\.name)
        let declared = definitions.map(\.name)
        if pairs.count == 2, names.contains(where: { !declared.contains($0) }) || (names[0] == names[1] && declared.count == 1) {
            throw .validation("Invalid KeySchema: Some index key attribute have no definition")
        }
        if pairs.count == 1, !declared.contains(names[0]) {
            throw .invalidParameter("Some index key attributes are not defined in AttributeDefinitions. Keys: [\(names.joined(separator: ", "))], AttributeDefinitions: [\(declared.joined(separator: ", "))]")
        }
        if pairs.count == 2, names[0] == names[1] {
            throw .validation("Both the Hash Key and the Range Key element in the KeySchema have the same name")
        }
        if pairs[0].type != "HASH" { throw .validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type") }
        if pairs.count == 2, pairs[1].type != "RANGE" {
            throw .validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
        }
        func attribute(_ name: String) -> KeyAttribute { definitions.first { $0.name == name }! }
        return KeySchema(hash: attribute(names[0]), range: pairs.count == 2 ? attribute(names[1]) : nil)
    }

    /// Each KeySchemaElement's AttributeName and KeyType, in order.
    private static func namesAndTypes(_ elements: [RequestBody]) throws(DynamoDBError) -> [(name: String, type: String)] {
        var pairs: [(name: String, type: String)] = []
        for element in elements {
            guard let n = try element.string("AttributeName") else { throw .missing("keySchema.member.attributeName") }
            guard let t = try element.string("KeyType") else { throw .missing("keySchema.member.keyType") }
            pairs.append((n, t))
        }
        return pairs
    }

    /// A global secondary index's key: up to this many partition (HASH) and as many sort (RANGE)
    /// attributes (multi-attribute keys, Developer Guide "Multi-attribute key schema").
    static let maximumKeyPartAttributes = 4

    /// A GSI's KeySchema: 1–4 HASH elements, then 0–4 RANGE elements, no name twice. A schema of one
    /// HASH and at most one RANGE is checked exactly as before multi-attribute keys existed. Texts as a
    /// public API-quirks catalogue captured them from DynamoDB (2026); the order of the checks is
    /// assumed.
    private static func globalIndexSchema(_ elements: [RequestBody], definitions: [KeyAttribute]) throws(DynamoDBError) -> KeySchema {
        let pairs = try namesAndTypes(elements)
        let hashCount = pairs.prefix { $0.type == "HASH" }.count
        let single = hashCount == 1 && pairs.count <= 2
        if single || pairs.first?.type != "HASH" { return try schema(elements, definitions: definitions, isTable: false) }
        for (position, pair) in pairs.enumerated() where pair.type != "HASH" && pair.type != "RANGE" {
            throw .constraint(["Value '\(pair.type)' at 'globalSecondaryIndexes.member.keySchema.\(position + 1).member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]"])  // member path assumed
        }
        if pairs[hashCount...].contains(where: { $0.type == "HASH" }) {
            throw .invalidParameter("All HASH key attributes must precede RANGE key attributes in the KeySchema")
        }
        if hashCount > maximumKeyPartAttributes {
            throw .invalidParameter("The KeySchema exceeds the maximum allowed number of HASH key attributes")
        }
        if pairs.count - hashCount > maximumKeyPartAttributes {
            throw .invalidParameter("The KeySchema exceeds the maximum allowed number of RANGE key attributes")
        }
        if Set(pairs.map(\.name)).count < pairs.count {
            throw .validation("The KeySchema contains multiple key attributes with the same name")
        }
        var attributes: [KeyAttribute] = []
        for pair in pairs {
            guard let declared = definitions.first(where: { $0.name == pair.name }) else {
                throw .validation("Invalid KeySchema: Some index key attribute have no definition")
            }
            attributes.append(declared)
        }
        return KeySchema(hashAttributes: Array(attributes[..<hashCount]), rangeAttributes: Array(attributes[hashCount...]))
    }

    /// One index of CreateTable (or of UpdateTable's `Create`, `listingUndefinedKeys` false: there an
    /// undeclared key attribute gets the key-schema checks' texts, as AWS answers UpdateTable).
    static func index(
        _ body: RequestBody, definitions: [KeyAttribute], isGlobal: Bool, billing: String, listingUndefinedKeys: Bool = true,
        checks: InputChecks = .request
    ) throws(DynamoDBError) -> SecondaryIndex {
        let kind = isGlobal ? "globalSecondaryIndexes" : "localSecondaryIndexes"
        guard let name = try body.string("IndexName") else { throw .missing("\(kind).member.indexName") }
        // A GSI's schema of any length is read and refused by `globalIndexSchema` with DynamoDB's texts.
        guard let elements = try body.objects("KeySchema"), !elements.isEmpty, isGlobal || elements.count <= 2 else {
            throw .missing("\(kind).member.keySchema")
        }
        var pairs: [String] = []
        for element in elements { pairs.append(try element.string("AttributeName") ?? "") }
        let declared = definitions.map(\.name)
        if listingUndefinedKeys, pairs.contains(where: { !declared.contains($0) }) {
            throw .invalidParameter("Some index key attributes are not defined in AttributeDefinitions. Keys: [\(pairs.joined(separator: ", "))], AttributeDefinitions: [\(declared.joined(separator: ", "))]")
        }
        let schema = isGlobal
            ? try globalIndexSchema(elements, definitions: definitions)
            : try schema(elements, definitions: definitions, isTable: false)
        guard let projection = try body.object("Projection") else { throw .missing("\(kind).member.projection") }
        guard let type = try projection.string("ProjectionType") else {
            throw .invalidParameter("Unknown ProjectionType: null")
        }
        if !["ALL", "KEYS_ONLY", "INCLUDE"].contains(type) {
            throw .constraint(["Value '\(type)' at '\(kind).1.member.projection.projectionType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]"])
        }
        var nonKey: [String]?
        if let list = try projection.array("NonKeyAttributes") {
            var names: [String] = []
            for element in list {
                // A list member of another JSON type fails Coral's deserializer, as any String member does.
                guard let name = element.stringValue else { throw projection.mismatch("NonKeyAttributes", element, expected: .string) }
                names.append(name)
            }
            if type != "INCLUDE" {
                throw .invalidParameter("ProjectionType is \(type), but NonKeyAttributes is specified")
            }
            var seen = Set<String>()
            if checks == .request, let twice = names.first(where: { !seen.insert($0).inserted }) {
                // DynamoDB's text, as a public API-quirks catalogue (ack-api-quirks, 2026) lists it.
                throw .invalidParameter("Duplicate element in NonKeyAttributes: \(twice)")
            }
            nonKey = names
        }
        // Stored input keeps such an index as an earlier build created it (it projects the keys only).
        if checks == .request, type == "INCLUDE", nonKey?.isEmpty ?? true {
            throw .invalidParameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
        }
        var throughput: (Int, Int)?
        if isGlobal {
            let pt = try body.object("ProvisionedThroughput")
            // Texts as AWS users quote them: no throughput (awsdocs/amazon-dynamodb-developer-guide#246,
            // 2021), a throughput without both units (aws-amplify/amplify-cli#1714, 2019), a throughput
            // under PAY_PER_REQUEST (bchew/dynamodump#266, 2024).
            if billing == "PROVISIONED" {
                guard let pt else { throw .invalidParameter("ProvisionedThroughput is not specified for index: \(name)") }
                guard let r = try pt.int("ReadCapacityUnits"), let w = try pt.int("WriteCapacityUnits") else {
                    throw .invalidParameter("Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: \(name)")
                }
                throughput = (r, w)
            } else if pt != nil {
                throw .invalidParameter("ProvisionedThroughput should not be specified for index: \(name) when BillingMode is PAY_PER_REQUEST")
            }
        }
        let warm = isGlobal
            ? try WarmThroughputRequest.forCreate(body, subject: "index \(name)", billingMode: billing, throughput: throughput)
            : nil
        return SecondaryIndex(
            name: name, keySchema: schema, projectionType: type, nonKeyAttributes: nonKey,
            throughput: throughput, isGlobal: isGlobal, warmFloor: warm)
    }
}
