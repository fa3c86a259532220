/// DynamoDB's PartiQL errors and limits.
///
/// Texts: "Statement wasn't well formed, can't be processed: …", "Where clause does not contain a
/// mandatory equality on all key attributes", "Duplicate primary key exists in table", "Number of
/// parameters in request and statement don't match." and the other fixed texts below are DynamoDB's
/// (DynamoDB Local's message table and public captures of the live service); the detail after "can't
/// be processed: " is DynamoDB's for "Expected data manipulation" (captured) and assumed otherwise.
enum PartiQLError {
    static func malformed(_ detail: String) -> DynamoDBError {
        .validation("Statement wasn't well formed, can't be processed: " + detail)
    }

    /// A construct DynamoDB's PartiQL refuses with a message of its own.
    static func unsupported(_ message: String) -> DynamoDBError { .validation(message) }

    static let incompleteKey = DynamoDBError.validation("Where clause does not contain a mandatory equality on all key attributes")
    static let parameterCount = DynamoDBError.validation("Number of parameters in request and statement don't match.")
    static let duplicateItem = DynamoDBError(type: "DuplicateItemException", message: "Duplicate primary key exists in table")
    static let invalidNextToken = DynamoDBError.validation("Invalid NextToken")
    static let nextTokenMismatch = DynamoDBError.validation("NextToken does not match request")
}

/// Bounds on what the PartiQL parser accepts, so no statement can exhaust the stack or the heap.
enum PartiQLLimits {
    /// `Statement` is 1 to 8192 characters (the API Reference's constraint on ExecuteStatement,
    /// BatchStatementRequest and ParameterizedStatement).
    static let maximumStatementLength = 8192
    /// Nested parentheses, function calls and literal containers together. DynamoDB's items nest at
    /// most 32 levels and expressions hold at most 300 operators, so no statement DynamoDB runs needs
    /// more; deeper input is refused before the parser recurses further (the limit itself is the
    /// emulator's, its message assumed).
    static let maximumNesting = 64
    /// `NextToken` is at most 32768 characters (API Reference).
    static let maximumNextTokenLength = 32768
}
