import DrydockCrypto
import CZlib
import DrydockCore
import EmulatorKit
import DrydockHTTP
@testable import DynamoDBEmulator
import Testing

/// The endpoint's HTTP behaviour besides API calls: compressed request bodies, the `GET /` health
/// check and CORS preflight.
@Suite("DynamoDB endpoint HTTP")
struct EndpointHTTPTests {
    /// `bytes` compressed: gzip (0), zlib (1) or bare deflate (2).
    static func compress(_ bytes: [UInt8], format: Int32) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: bytes.count + 1024)
        let count = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { CZlib_deflate(input.baseAddress, input.count, format, $0.baseAddress, $0.count) }
        }
        return Array(output.prefix(count))
    }

    func send(_ client: DynamoDBTestClient, _ action: String, body: [UInt8], encoding: String) -> HTTPResponse {
        var request = client.request(action, "")
        request.body = body
        request.headers.add("Content-Encoding", encoding)
        return client.emulator.handle(request)
    }

    @Test(arguments: ["gzip", "x-gzip"]) func gzipBodiesAreInflated(_ encoding: String) throws {
        let client = DynamoDBTestClient()
        client.createTable("zipped")
        let put = #"{"TableName":"zipped","Item":{"pk":{"S":"a"},"note":{"S":"\#(String(repeating: "x", count: 5000))"}}}"#
        let response = send(client, "PutItem", body: Self.compress(Array(put.utf8), format: 0), encoding: encoding)
        #expect(response.status == 200, "\(response.bodyText)")
        let got = client.ok("GetItem", #"{"TableName":"zipped","Key":{"pk":{"S":"a"}}}"#)
        #expect(got["Item"]?["note"]?["S"]?.stringValue?.count == 5000)
    }

    /// A gzip body may be several members one after another (RFC 1952); bytes after the last member
    /// that are not another member are ignored, as DynamoDB does.
    @Test func gzipMembersAreJoinedAndTrailingBytesIgnored() throws {
        let client = DynamoDBTestClient()
        client.createTable("zipped")
        let put = Array(#"{"TableName":"zipped","Item":{"pk":{"S":"b"},"v":{"S":"joined"}}}"#.utf8)
        let twoMembers = Self.compress(Array(put[..<10]), format: 0) + Self.compress(Array(put[10...]), format: 0)
        #expect(send(client, "PutItem", body: twoMembers, encoding: "gzip").status == 200)
        #expect(client.ok("GetItem", #"{"TableName":"zipped","Key":{"pk":{"S":"b"}}}"#)["Item"]?["v"] == ["S": "joined"])
        let junk = Self.compress(Array(#"{"Limit":5}"#.utf8), format: 0) + Array("junk".utf8)
        #expect(send(client, "ListTables", body: junk, encoding: "gzip").status == 200)
    }

    /// gzip is the only coding DynamoDB reads: another coding, a body that is not gzip (empty or cut
    /// short included) is a 500 InternalServerError and nothing is done.
    @Test func unreadableBodiesAreInternalServerErrors() throws {
        let client = DynamoDBTestClient()
        client.createTable("zipped")
        let put = Array(#"{"TableName":"zipped","Item":{"pk":{"S":"c"}}}"#.utf8)
        let cases: [([UInt8], String)] = [
            (put, "gzip"), ([], "gzip"), (Array(Self.compress(put, format: 0).dropLast(1)), "gzip"),
            (put, "garbage"), (Self.compress(put, format: 1), "deflate"), (put, "br"),
        ]
        for (body, encoding) in cases {
            let response = send(client, "PutItem", body: body, encoding: encoding)
            #expect(response.status == 500, "\(encoding)")
            let json = try JSONValue.parse(response.body)
            #expect(json["__type"] == "com.amazonaws.dynamodb.v20120810#InternalServerError")
            #expect(json["message"] == "Internal server error")
        }
        #expect(client.ok("GetItem", #"{"TableName":"zipped","Key":{"pk":{"S":"c"}}}"#) == [:])
    }

    @Test(.timeLimit(.minutes(1))) func aDecompressionBombStopsAtTheBound() throws {
        let zeros = [UInt8](repeating: 0x20, count: ContentDecoding.maximumInflatedBytes + 1)
        let bomb = Self.compress(zeros, format: 0)
        #expect(bomb.count < 100_000)
        let response = send(DynamoDBTestClient(), "ListTables", body: bomb, encoding: "gzip")
        #expect(response.status == 413)
    }

    /// gzip(`{}`) followed by empty members (20 bytes each): up to `maximumMembers` members are one
    /// body; more are refused as an unreadable body, so such a body costs time linear in its size.
    @Test func manyGzipMembersAreAnsweredAndBounded() throws {
        let client = DynamoDBTestClient()
        let empty = Self.compress([], format: 0)
        #expect(empty.count == 20)
        let body = Self.compress(Array("{}".utf8), format: 0)
            + Array([[UInt8]](repeating: empty, count: ContentDecoding.maximumMembers - 1).joined())
        #expect(send(client, "ListTables", body: body, encoding: "gzip").status == 200)
        for extra in [1, 40_000] {
            let many = body + Array([[UInt8]](repeating: empty, count: extra).joined())
            let response = send(client, "ListTables", body: many, encoding: "gzip")
            #expect(response.status == 500, "\(extra) more")
            #expect(try JSONValue.parse(response.body)["__type"] == "com.amazonaws.dynamodb.v20120810#InternalServerError")
        }
    }

    @Test func healthCheck() {
        let emulator = DynamoDBEmulator()
        let plain = emulator.handle(HTTPRequest(method: "GET", target: "/"))
        #expect(plain.status == 200)
        #expect(plain.bodyText == "healthy: dynamodb.us-east-1.amazonaws.com ")
        #expect(plain.headers["x-amzn-RequestId"] != nil)
        #expect(plain.headers["x-amz-crc32"] == String(CRC32.checksum(plain.body)))
        #expect(emulator.claims(HTTPRequest(method: "GET", target: "/")))
        #expect(!emulator.claims(HTTPRequest(method: "GET", target: "/other")))
        let hosted = emulator.handle(HTTPRequest(method: "GET", target: "/", headers: ["Host": "dynamodb.eu-west-1.amazonaws.com"]))
        #expect(hosted.bodyText == "healthy: dynamodb.eu-west-1.amazonaws.com ")
        let west = emulator.handle(HTTPRequest(method: "GET", target: "/", headers: ["Host": "dynamodb.us-west-2.amazonaws.com"]))
        #expect(west.body.count == 42)  // the live endpoint's Content-Length for us-west-2
        // The text names the host the check was sent to: this server's address when called directly.
        let local = emulator.handle(HTTPRequest(method: "GET", target: "/", headers: ["Host": "127.0.0.1:8580"]))
        #expect(local.bodyText == "healthy: 127.0.0.1:8580 ")
    }

    /// CORS as DynamoDB answers it: nothing without `Origin`; with it any origin is allowed and the
    /// headers exposed, on every answer; a preflight also allows what it asked for and may be cached.
    @Test func cors() {
        let emulator = DynamoDBEmulator()
        let names = ["Access-Control-Allow-Origin", "Access-Control-Expose-Headers", "Access-Control-Max-Age",
                     "Access-Control-Allow-Methods", "Access-Control-Allow-Headers"]
        for method in ["OPTIONS", "GET", "POST"] {
            let plain = emulator.handle(HTTPRequest(method: method, target: "/"))
            #expect(names.allSatisfy { plain.headers[$0] == nil }, "\(method)")
            let request = HTTPRequest(method: method, target: "/", headers: [
                "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,x-amz-target",
            ])
            #expect(emulator.claims(request))
            let response = emulator.handle(request)
            #expect(response.headers["Access-Control-Allow-Origin"] == "*")
            #expect(response.headers["Access-Control-Expose-Headers"] != nil)
            let preflight = method == "OPTIONS"
            #expect((response.headers["Access-Control-Max-Age"] != nil) == preflight)
            #expect(response.headers["Access-Control-Allow-Methods"] == (preflight ? "POST" : nil))
            #expect(response.headers["Access-Control-Allow-Headers"] == (preflight ? "content-type,x-amz-target" : nil))
        }
        #expect(emulator.handle(HTTPRequest(method: "OPTIONS", target: "/")).status == 200)
    }

    /// Every API answer carries DynamoDB's `Server: Server`, errors too.
    @Test func serverHeader() {
        let client = DynamoDBTestClient()
        #expect(client.send("ListTables", "{}").headers["Server"] == "Server")
        #expect(client.send("DescribeTable", #"{"TableName":"none"}"#).headers["Server"] == "Server")
    }
}
