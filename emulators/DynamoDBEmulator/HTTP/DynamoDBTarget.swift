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
        guard let authorization = request.headers["Authorization"] else { return defaultRegion }
        // Bytes, not Foundation's string search: this runs on every request (routing and fault matching).
        let bytes = Array(authorization.utf8)
        let marker = Array("Credential=".utf8)
        guard bytes.count > marker.count,
              let start = (0...(bytes.count - marker.count)).first(where: { bytes[$0..<($0 + marker.count)].elementsEqual(marker) })
        else { return defaultRegion }
        let credential = bytes[(start + marker.count)...].prefix { $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: " ") }
        let parts = credential.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count >= 5, !parts[2].isEmpty else { return defaultRegion }
        return String(decoding: parts[2], as: UTF8.self)
    }

    static let defaultRegion = "us-east-1"
}
