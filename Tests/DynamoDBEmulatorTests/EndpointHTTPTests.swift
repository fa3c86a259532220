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

    @Test(arguments: [("gzip", Int32(0)), ("deflate", Int32(1)), ("deflate", Int32(2)), ("x-gzip", Int32(0))])
    func compressedBodiesAreInflated(_ encoding: String, _ format: Int32) throws {
        let client = DynamoDBTestClient()
        client.createTable("zipped")
        let put = #"{"TableName":"zipped","Item":{"pk":{"S":"a"},"note":{"S":"\#(String(repeating: "x", count: 5000))"}}}"#
        let response = send(client, "PutItem", body: Self.compress(Array(put.utf8), format: format), encoding: encoding)
        #expect(response.status == 200, "\(response.bodyText)")
        let got = client.ok("GetItem", #"{"TableName":"zipped","Key":{"pk":{"S":"a"}}}"#)
        #expect(got["Item"]?["note"]?["S"]?.stringValue?.count == 5000)
    }

    @Test func corruptOrUnknownEncodingsAreSerializationErrors() throws {
        let client = DynamoDBTestClient()
        for (body, encoding) in [(Array("not gzip".utf8), "gzip"), (Array("{}".utf8), "br")] {
            let response = send(client, "ListTables", body: body, encoding: encoding)
            #expect(response.status == 400)
            let json = try JSONValue.parse(response.body)
            #expect(json["__type"] == "com.amazon.coral.service#SerializationException")
        }
        let truncated = Array(Self.compress(Array(#"{"Limit":5}"#.utf8), format: 0).dropLast(6))
        #expect(send(client, "ListTables", body: truncated, encoding: "gzip").status == 400)
    }

    @Test(.timeLimit(.minutes(1))) func aDecompressionBombStopsAtTheBound() throws {
        let zeros = [UInt8](repeating: 0x20, count: ContentDecoding.maximumInflatedBytes + 1)
        let bomb = Self.compress(zeros, format: 0)
        #expect(bomb.count < 100_000)
        let response = send(DynamoDBTestClient(), "ListTables", body: bomb, encoding: "gzip")
        #expect(response.status == 413)
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
    }

    @Test func corsPreflight() {
        let emulator = DynamoDBEmulator()
        let request = HTTPRequest(method: "OPTIONS", target: "/", headers: [
            "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-amz-target",
        ])
        #expect(emulator.claims(request))
        let response = emulator.handle(request)
        #expect(response.status == 200)
        #expect(response.headers["Access-Control-Allow-Origin"] == "http://localhost:3000")
        #expect(response.headers["Access-Control-Allow-Headers"] == "content-type,x-amz-target")
        #expect(response.headers["Access-Control-Allow-Methods"]?.contains("POST") == true)
    }
}
