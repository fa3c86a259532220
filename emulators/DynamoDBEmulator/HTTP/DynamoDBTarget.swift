import DrydockCrypto
import DrydockHTTP

/// What the edge needs from a DynamoDB request's headers: the action and the region.
enum DynamoDBTarget {
    static let prefix = "DynamoDB_20120810."

    /// The action named by `X-Amz-Target`, nil when the header is absent or for another service.
    static func action(of request: HTTPRequest) -> String? {
        guard let target = request.headers["X-Amz-Target"], target.hasPrefix(prefix) else { return nil }
        return String(target.dropFirst(prefix.count))
    }

    /// DynamoDB Streams' target prefix: same endpoint protocol, same SigV4 service name (`dynamodb`),
    /// served by the same emulator (AWS's host is `streams.dynamodb.<region>.amazonaws.com`).
    static let streamsPrefix = "DynamoDBStreams_20120810."

    /// The DynamoDB Streams action named by `X-Amz-Target`, nil when absent or for another service.
    static func streamsAction(of request: HTTPRequest) -> String? {
        guard let target = request.headers["X-Amz-Target"], target.hasPrefix(streamsPrefix) else { return nil }
        return String(target.dropFirst(streamsPrefix.count))
    }

    /// The region from the SigV4 credential scope
    /// (`Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/dynamodb/aws4_request, …`),
    /// `us-east-1` when there is none. The tables a request reaches, and the region `"region"` fault rules
    /// match (`DynamoDBEmulator.region(of:)`). Read as the signature verifier reads the header (the last
    /// `Credential=` counts), so the region a request reaches is the one its signature was scoped to.
    static func region(of request: HTTPRequest) -> String {
        guard let authorization = request.headers["Authorization"] else { return defaultRegion }
        return SigV4Authorization.credentialRegion(in: authorization) ?? defaultRegion
    }

    /// Whether `region` has the shape of an AWS region name (`us-east-1`, `us-gov-west-1`): lowercase
    /// letters, digits and hyphens, starting with a letter, at most 50 characters. Anything else could
    /// not name a directory of a data directory's snapshot safely (`..`), and AWS would refuse it.
    static func isRegionName(_ region: String) -> Bool {
        let bytes = Array(region.utf8)
        guard let first = bytes.first, (0x61...0x7A).contains(first), bytes.count <= 50 else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }

    static let defaultRegion = "us-east-1"
}
