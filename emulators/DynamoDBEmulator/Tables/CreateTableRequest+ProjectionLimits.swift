import DrydockCore

/// DynamoDB's limits on the attributes secondary indexes project, checked before an index is parsed
/// (and, for UpdateTable, before the state lock is taken), so a request listing thousands of names
/// costs one count, not a parse.
///
/// - One index's `NonKeyAttributes` holds 1–20 names: a Coral constraint (API Reference, `Projection`;
///   the text as DynamoDB answers it is quoted in scalar-labs/scalardb#107, 2020).
/// - All of a table's local and global indexes together project at most 100 `NonKeyAttributes`; a
///   name projected by two indexes counts twice, and only `INCLUDE` projections count (Developer
///   Guide, "Quotas"; API Reference, `Projection`). The text is the one a public CloudFormation policy
///   catalogue quotes from CreateTable; its exception and "One or more parameter values were
///   invalid" prefix are assumed, as DynamoDB words its sibling per-table index limits.
extension CreateTableRequest {
    /// The most names one index's `NonKeyAttributes` may hold (Coral's list constraint).
    static let maximumNonKeyAttributesPerIndex = 20
    /// The most `NonKeyAttributes` all of a table's secondary indexes may project together.
    static let maximumProjectedAttributes = 100

    /// Adds Coral's violation for an index whose `NonKeyAttributes` lists more than 20 names (`path`:
    /// the index's Coral member path). Returns false then, so the caller skips the names' own checks.
    static func checkNonKeyAttributeCount(_ index: RequestBody, at path: String, into violations: inout [String]) throws(DynamoDBError) -> Bool {
        guard let names = try index.object("Projection")?.array("NonKeyAttributes"), names.count > maximumNonKeyAttributesPerIndex else {
            return true
        }
        let rendered = "[" + names.map { $0.stringValue ?? "null" }.joined(separator: ", ") + "]"
        violations.append("Value '\(rendered)' at '\(path).projection.nonKeyAttributes' failed to satisfy constraint: Member must have length less than or equal to \(maximumNonKeyAttributesPerIndex)")
        return false
    }

    /// How many `NonKeyAttributes` the index descriptions project, counted as DynamoDB counts them.
    static func projectedAttributeCount(_ indexes: [RequestBody]) throws(DynamoDBError) -> Int {
        var count = 0
        for index in indexes {
            guard let projection = try index.object("Projection"), try projection.string("ProjectionType") == "INCLUDE" else { continue }
            count += try projection.array("NonKeyAttributes")?.count ?? 0
        }
        return count
    }

    /// Refuses a table whose indexes would project more than `maximumProjectedAttributes` names.
    static func checkProjectedAttributeCount(_ count: Int) throws(DynamoDBError) {
        if count > maximumProjectedAttributes {
            throw .invalidParameter("Number of projected attributes in all indexes exceeds limit of \(maximumProjectedAttributes)")
        }
    }
}

extension SecondaryIndex {
    /// The `NonKeyAttributes` this index counts towards the table's projected-attribute limit.
    var projectedAttributeCount: Int { projectionType == "INCLUDE" ? (nonKeyAttributes?.count ?? 0) : 0 }
}
