/// DynamoDB's error bodies for injected statuses (fault rules), by status and optional exception name.
enum DynamoDBFaults {
    static func error(status: Int, reason: String?) -> DynamoDBError {
        if let reason, let known = byName[reason] {
            return DynamoDBError(type: reason, message: known.message, status: status, namespace: known.namespace)
        }
        if let reason {
            return DynamoDBError(type: reason, message: reason, status: status)
        }
        switch status {
        case 400: return named("ProvisionedThroughputExceededException", status)
        case 500: return named("InternalServerError", status)
        case 503: return DynamoDBError(type: "ServiceUnavailable", message: "Service Unavailable", status: status, namespace: DynamoDBError.serviceNamespace)
        default:
            return DynamoDBError(type: status >= 500 ? "InternalServerError" : "ValidationException", message: "Injected fault \(status)", status: status)
        }
    }

    private static func named(_ name: String, _ status: Int) -> DynamoDBError {
        let known = byName[name]!
        return DynamoDBError(type: name, message: known.message, status: status, namespace: known.namespace)
    }

    /// Messages: the throughput text is DynamoDB's documented one; the others are assumed.
    static let byName: [String: (message: String, namespace: String)] = [
        "ProvisionedThroughputExceededException": (
            "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.",
            DynamoDBError.dynamoNamespace),
        "ThrottlingException": ("Rate of requests exceeds the allowed throughput.", DynamoDBError.availabilityNamespace),
        "RequestLimitExceeded": (
            "Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase",
            DynamoDBError.dynamoNamespace),
        "InternalServerError": ("Internal server error", DynamoDBError.dynamoNamespace),
        "ServiceUnavailable": ("Service Unavailable", DynamoDBError.serviceNamespace),
        "LimitExceededException": ("Too many operations for a given subscriber.", DynamoDBError.dynamoNamespace),
    ]
}
