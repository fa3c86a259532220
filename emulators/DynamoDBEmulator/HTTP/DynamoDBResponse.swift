import DrydockCrypto
import DrydockCore
import EmulatorKit
import DrydockHTTP

/// DynamoDB's response framing: `application/x-amz-json-1.0`, `x-amzn-RequestId`, `x-amz-crc32`, and
/// the `Server: Server` header every DynamoDB answer carries.
enum DynamoDBResponse {
    static let contentType = "application/x-amz-json-1.0"

    static func json(status: Int = 200, _ value: JSONValue, requestID: String) -> HTTPResponse {
        json(status: status, value.bytes, requestID: requestID)
    }

    static func json(status: Int = 200, _ body: [UInt8], requestID: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        headers.add("x-amzn-RequestId", requestID)
        headers.add("x-amz-crc32", String(CRC32.checksum(body)))
        headers.add("Server", "Server")
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}
