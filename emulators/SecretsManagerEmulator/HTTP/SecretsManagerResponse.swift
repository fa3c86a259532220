import DrydockCore
import DrydockHTTP

/// Secrets Manager's response framing: `application/x-amz-json-1.1` and `x-amzn-RequestId` (a UUID).
enum SecretsManagerResponse {
    static let contentType = "application/x-amz-json-1.1"

    static func json(status: Int = 200, _ value: JSONValue, requestID: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        headers.add("x-amzn-RequestId", requestID)
        return HTTPResponse(status: status, headers: headers, body: Array(value.serialized().utf8))
    }

    /// A UUID-shaped request id from a per-emulator sequence (reproducible runs).
    static func requestID(_ sequence: UInt64) -> String {
        let hex = String(sequence, radix: 16)
        return "5ec2e700-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex.suffix(12)
    }
}
