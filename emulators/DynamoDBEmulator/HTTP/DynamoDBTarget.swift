import DrydockHTTP

/// What the edge needs from a DynamoDB request's headers: the action and the region.
enum DynamoDBTarget {
    static let prefix = "DynamoDB_20120810."

    /// The action named by `X-Amz-Target`, nil when the header is absent or for another service.
    static func action(of request: HTTPRequest) -> String? {
        guard let target = request.headers["X-Amz-Target"], target.hasPrefix(prefix) else { return nil }
        return String(target.dropFirst(prefix.count))
    }

    /// The region from the SigV4 credential scope
    /// (`Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/dynamodb/aws4_request, …`),
    /// `us-east-1` when there is none. The tables a request reaches, and the region `"region"` fault rules
    /// match (`DynamoDBEmulator.region(of:)`).
    static func region(of request: HTTPRequest) -> String {
        guard let authorization = request.headers["Authorization"],
              let range = authorization.range(of: "Credential=") else { return defaultRegion }
        let credential = authorization[range.upperBound...].prefix { $0 != "," && $0 != " " }
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 5, !parts[2].isEmpty else { return defaultRegion }
        return String(parts[2])
    }

    static let defaultRegion = "us-east-1"
}
