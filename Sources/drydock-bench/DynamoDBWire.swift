import DrydockCore
import DrydockCrypto
import DrydockHTTP
import DrydockServices
import Foundation

/// DynamoDB JSON-protocol requests as the SDKs put them on the wire: `POST /` with
/// `X-Amz-Target: DynamoDB_20120810.<Action>` and `Content-Type: application/x-amz-json-1.0`, signed with
/// SigV4 (service `dynamodb`) by `DynamoDBWireRequest`, exactly as `DynamoDBClient` sends them.
///
/// The same code signs for both servers: Drydock verifies the signature, moto_server ignores it but
/// receives the same bytes (only `Host`, and so the signature, differ with the port).
struct DynamoDBWire {
    static let region = "us-east-1"

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    let endpoint: String
    /// The keys requests are signed with (never printed: `AWSCredentials` redacts itself).
    let credentials: AWSCredentials
    private let wire: DynamoDBWireRequest

    init(endpoint: String, credentials: AWSCredentials) throws {
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        self.endpoint = base
        self.credentials = credentials
        do {
            wire = try DynamoDBWireRequest(endpoint: DynamoDBEndpoint(region: Self.region, url: base + "/"))
        } catch {
            throw BenchError("\(base) is not a usable DynamoDB endpoint: \(error)")
        }
    }

    /// `action` with `body`, signed at `date` (the signature stays valid for 15 minutes either side).
    func request(_ action: String, _ body: JSONValue, date: Date = Date()) -> ClientRequest {
        wire.signed(action, payload: body.bytes, credentials: credentials, date: date)
    }

    /// Sends `action` once and returns the parsed answer; anything but a 200 with a JSON body throws.
    func call(_ action: String, _ body: JSONValue, client: HTTPClient) throws -> JSONValue {
        let response = try client.send(request(action, body))
        guard response.status == 200, let answer = try? JSONValue.parse(response.body) else {
            throw BenchError("\(action) on \(endpoint) answered \(response.status): \(response.bodyText.prefix(300))")
        }
        return answer
    }
}

/// Checks on DynamoDB answers cheap enough for the timed loop: byte searches, no JSON parsing (both
/// servers' spellings: Drydock writes `"Count":10`, moto `"Count": 10`).
enum DynamoDBAnswer {
    /// Whether `body` contains `needle`.
    static func contains(_ body: [UInt8], _ needle: String) -> Bool { end(of: Array(needle.utf8), in: body) != nil }

    /// The number after the first `"Count"` key, or nil.
    static func count(_ body: [UInt8]) -> Int? {
        guard var index = end(of: Array("\"Count\"".utf8), in: body) else { return nil }
        while index < body.count, body[index] == UInt8(ascii: ":") || body[index] == UInt8(ascii: " ") { index += 1 }
        var value = 0
        var digits = 0
        while index < body.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(body[index]) {
            value = value * 10 + Int(body[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        return digits > 0 ? value : nil
    }

    /// The index just past the first occurrence of `pattern` in `body` (`memchr` for its first byte, then
    /// `memcmp`; Glibc's `memmem` is not imported into Swift).
    private static func end(of pattern: [UInt8], in body: [UInt8]) -> Int? {
        guard !pattern.isEmpty, body.count >= pattern.count else { return nil }
        return body.withUnsafeBytes { haystack -> Int? in
            pattern.withUnsafeBytes { needle -> Int? in
                let base = haystack.baseAddress!
                var offset = 0
                let last = haystack.count - needle.count
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(pattern[0]), last - offset + 1) else { return nil }
                    offset = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + offset, needle.baseAddress!, needle.count) == 0 { return offset + needle.count }
                    offset += 1
                }
                return nil
            }
        }
    }
}
