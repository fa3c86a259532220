import DrydockCrypto
import DrydockHTTP

/// What the edge reads from an AWS JSON-protocol request's headers (`POST /` with `X-Amz-Target:
/// <prefix><Action>` and a SigV4 signature), and the shape of a region name: shared by the emulators of
/// those services that keep their state per region (DynamoDB, Secrets Manager).
public enum AWSJSONRequest {
    /// Where a request without a credential scope goes, as the SDKs default.
    public static let fallbackRegion = "us-east-1"

    /// The action `X-Amz-Target` names after `prefix` (`DynamoDB_20120810.`), nil when the header is
    /// absent or for another service.
    public static func action(of request: HTTPRequest, prefix: String) -> String? {
        guard let target = request.headers["X-Amz-Target"], target.hasPrefix(prefix) else { return nil }
        return String(target.dropFirst(prefix.count))
    }

    /// The region of `request`'s SigV4 credential scope
    /// (`Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/dynamodb/aws4_request, …`),
    /// `fallbackRegion` without one. Read as the signature verifier reads the header (the last
    /// `Credential=` counts), so the region a request reaches is the one its signature was scoped to.
    public static func region(of request: HTTPRequest) -> String {
        guard let authorization = request.headers["Authorization"] else { return fallbackRegion }
        return SigV4Authorization.credentialRegion(in: authorization) ?? fallbackRegion
    }

    /// Whether `text` has the shape of a region name (`us-east-1`, `us-gov-west-1`): lowercase letters
    /// and digits in non-empty parts joined by single hyphens, starting with a letter, at most 50 bytes.
    /// Anything else AWS would refuse, and could not name a data directory's snapshot safely (`..`).
    /// `allowingEmptyParts` also takes `us--east-1` and `us-east-1-` (what DynamoDB admitted before, so its
    /// older logs may name them).
    public static func isRegionName(_ text: String, allowingEmptyParts: Bool = false) -> Bool {
        let hyphen = UInt8(ascii: "-")
        let bytes = Array(text.utf8)
        guard let first = bytes.first, (0x61...0x7A).contains(first), bytes.count <= 50 else { return false }
        guard allowingEmptyParts || bytes.last != hyphen else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            guard byte == hyphen || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) else { return false }
            if byte == hyphen, previous == hyphen, !allowingEmptyParts { return false }
            previous = byte
        }
        return true
    }
}
