import DrydockCore

/// The Global Tables version 2017.11.29 (Legacy) operations, which DynamoDB no longer serves for new
/// global tables: CreateGlobalTable is refused, and since no legacy global table can exist, the
/// operations naming one answer GlobalTableNotFoundException and ListGlobalTables an empty list (as
/// ScyllaDB's Alternator tests record DynamoDB answering them, 2026; texts from there).
extension DynamoDBEmulator {
    static let legacyGlobalTableActions: Set<String> = [
        "CreateGlobalTable", "UpdateGlobalTable", "DescribeGlobalTable", "DescribeGlobalTableSettings",
        "UpdateGlobalTableSettings", "ListGlobalTables",
    ]

    func legacyGlobalTable(_ action: String, _ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        if action == "ListGlobalTables" { return ["GlobalTables": []] }
        let name = try call.body.string("GlobalTableName")
        var violations: [String] = []
        CreateTableRequest.checkTableName(name, member: "globalTableName", into: &violations)
        guard violations.isEmpty, let name else { throw .constraint(violations) }
        if action == "CreateGlobalTable" {
            throw .validation(
                "DynamoDB global tables version 2017.11.29 is not supported. We recommend using DynamoDB global tables "
                    + "version 2019.11.21, instead of version 2017.11.29 (Legacy).")
        }
        throw DynamoDBError(type: "GlobalTableNotFoundException", message: "Global table with name '\(name)' does not exist.")
    }
}
