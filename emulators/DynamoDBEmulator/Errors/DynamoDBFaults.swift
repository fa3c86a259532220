/// DynamoDB's error bodies for injected statuses (fault rules), by status and optional exception name
/// (`reason`). The reasons are listed in emulators/DynamoDBEmulator/README.md.
///
/// What was checked, and against what:
/// - ProvisionedThroughputExceededException: 400, `com.amazonaws.dynamodb.v20120810#…`, "The level of
///   configured provisioned throughput for the table was exceeded. Consider increasing your provisioning
///   level with the UpdateTable API." — confirmed (status, code and message in Java SDK logs of live
///   responses; the namespaced `__type` in client code written against the live service).
/// - ThrottlingException: 400, `com.amazon.coral.availability#…` — confirmed (dynalite's test helper and
///   boto 2 scripts match that exact `__type` from live DynamoDB; JS and Go SDK logs show 400). On item
///   operations the live message is the on-demand one, "Throughput exceeds the current capacity of your
///   table or index. DynamoDB is automatically scaling…" (confirmed in JS SDK 2021 and Go SDK 2024 logs);
///   on table operations it is the developer guide's "Rate of requests exceeds the allowed throughput."
///   (documented, not seen in a capture).
/// - InternalServerError: 500, "Internal server error" — confirmed (JS and Java SDK logs); the
///   `com.amazonaws.dynamodb.v20120810` namespace is assumed (the service's model namespace).
/// - LimitExceededException (400): the `com.amazonaws.dynamodb.v20120810` namespace confirmed (dynalite's
///   test helper, run against AWS, and bchew/dynamodump's retry loop match that exact `__type`); status
///   assumed. RequestLimitExceeded (400): status and namespace assumed. Messages as SDK fault injectors
///   and the developer guide give them.
/// - ServiceUnavailable (503): assumed. Live 503s have been reported with a non-JSON body (SDK issues
///   about "Unexpected token <"); a rule with `body` reproduces that.
enum DynamoDBFaults {
    /// The `reason` of a status-200 rule that leaves part of a BatchWriteItem or BatchGetItem
    /// unprocessed (see `DynamoDBEmulator.errorResponse(status:reason:for:)`).
    static let unprocessedItems = "unprocessed-items"

    /// Every reason with its own body, in documentation order.
    static let reasons = [
        "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
        "InternalServerError", "ServiceUnavailable", "LimitExceededException", unprocessedItems,
    ]

    /// The error for an injected `status` on `operation`: the exception `reason` names (any status may
    /// carry any exception), else the status's usual one. A reason DynamoDB does not have becomes the
    /// exception name itself, so botocore's `Error.Code` shows it.
    static func error(status: Int, reason: String?, operation: String) -> DynamoDBError {
        if let reason, reason != unprocessedItems {
            guard let known = exception(named: reason, operation: operation) else {
                return DynamoDBError(type: reason, message: reason, status: status)
            }
            return DynamoDBError(type: reason, message: known.message, status: status, namespace: known.namespace)
        }
        let name: String
        switch status {
        case 400: name = "ProvisionedThroughputExceededException"
        case 503: name = "ServiceUnavailable"
        case 500...: name = "InternalServerError"
        default:
            // DynamoDB sends no such status itself; the body still names an exception botocore can show.
            return DynamoDBError(type: "ValidationException", message: "Injected fault \(status)", status: status,
                                 namespace: DynamoDBError.validateNamespace)
        }
        let known = exception(named: name, operation: operation)!
        return DynamoDBError(type: name, message: known.message, status: status, namespace: known.namespace)
    }

    /// The namespace and message of the exception `name` as DynamoDB sends it for `operation`.
    static func exception(named name: String, operation: String) -> (message: String, namespace: String)? {
        switch name {
        case "ProvisionedThroughputExceededException":
            return ("The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.",
                    DynamoDBError.dynamoNamespace)
        case "ThrottlingException":
            let message = tableOperations.contains(operation)
                ? "Rate of requests exceeds the allowed throughput."
                : "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html"
            return (message, DynamoDBError.availabilityNamespace)
        case "RequestLimitExceeded":
            return ("Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase",
                    DynamoDBError.dynamoNamespace)
        case "InternalServerError":
            return ("Internal server error", DynamoDBError.dynamoNamespace)
        case "ServiceUnavailable":
            return ("Service Unavailable", DynamoDBError.serviceNamespace)
        case "LimitExceededException":
            return ("Too many operations for a given subscriber.", DynamoDBError.dynamoNamespace)
        default:
            return nil
        }
    }

    /// Control-plane actions, whose throttling DynamoDB words as request-rate throttling.
    static let tableOperations: Set<String> = [
        "CreateTable", "UpdateTable", "DeleteTable", "DescribeTable", "ListTables", "UpdateTimeToLive",
        "DescribeTimeToLive", "CreateGlobalTable", "UpdateGlobalTable", "DescribeLimits",
    ]
}
