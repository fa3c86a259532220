import DrydockCrypto
import DrydockHTTP

/// The two ids on every S3 answer: `x-amz-request-id` (16 upper-case hex digits) and `x-amz-id-2`
/// (base64 of a longer host token), echoed as `RequestId` / `HostId` in error bodies.
struct S3RequestIDs: Sendable {
    let requestID: String
    let hostID: String

    /// Ids from a per-emulator sequence number (the request id) and random bytes (the host id).
    init(sequence: UInt64) {
        let hex = String(sequence, radix: 16, uppercase: true)
        requestID = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        hostID = Base64.encode(SecureRandom.bytes(56))
    }

    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add("x-amz-request-id", requestID)
        headers.add("x-amz-id-2", hostID)
        headers.add("Server", "AmazonS3")
        return headers
    }
}
