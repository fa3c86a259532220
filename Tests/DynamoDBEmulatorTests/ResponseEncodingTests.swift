import DrydockCore
import DrydockCrypto
import DrydockHTTP
@testable import DynamoDBEmulator
import Testing

/// Compressed responses: a body of 4 KB or more comes back gzip- or deflate-encoded when the request
/// accepts it, with the CRC over the bytes sent; `Accept-Encoding` read as DynamoDB reads it.
@Suite("DynamoDB response encoding")
struct ResponseEncodingTests {
    /// A client holding one item whose `note` is `size` characters.
    func clientWithNote(of size: Int) -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("notes")
        client.ok("PutItem", #"{"TableName":"notes","Item":{"pk":{"S":"a"},"note":{"S":"\#(String(repeating: "n", count: size))"}}}"#)
        return client
    }

    func getNote(_ client: DynamoDBTestClient, acceptEncoding: [String], projection: String = "pk, note") -> HTTPResponse {
        var request = client.request("GetItem", #"{"TableName":"notes","Key":{"pk":{"S":"a"}},"ProjectionExpression":"\#(projection)"}"#)
        for value in acceptEncoding { request.headers.add("Accept-Encoding", value) }
        return client.emulator.handle(request)
    }

    @Test(arguments: ["gzip", "deflate"])
    func aLargeAnswerIsCompressedWithTheCodingAskedFor(_ coding: String) throws {
        let client = clientWithNote(of: 5000)
        let plain = getNote(client, acceptEncoding: [])
        let response = getNote(client, acceptEncoding: [coding])
        #expect(response.status == 200)
        #expect(response.headers["Content-Encoding"] == coding)
        #expect(response.headers["x-amz-crc32"] == String(CRC32.checksum(response.body)))
        #expect(response.body.count * 30 < plain.body.count)
        // gzip framing for gzip, zlib framing (not bare deflate) for deflate.
        #expect(Array(response.body.prefix(2)) == (coding == "gzip" ? [0x1F, 0x8B] : [0x78, 0x9C]))
        let inflated = try Zlib.inflate(response.body, maximumBytes: 1 << 20).get()
        #expect(inflated == plain.body)
        #expect(plain.headers["Content-Encoding"] == nil)
    }

    @Test func anAnswerUnder4096BytesIsSentAsItIs() throws {
        // `{"Item":{"note":{"S":"…"}}}` is 26 bytes around the note: 4,095 bytes with a 4,069-byte note.
        let client = clientWithNote(of: 4069)
        let noteOnly = getNote(client, acceptEncoding: ["gzip"], projection: "note")
        #expect(noteOnly.body.count == 4095)
        #expect(noteOnly.headers["Content-Encoding"] == nil)
        #expect(try JSONValue.parse(noteOnly.body)["Item"]?["note"]?["S"]?.stringValue?.count == 4069)
        let whole = getNote(client, acceptEncoding: ["gzip"])
        #expect(whole.headers["Content-Encoding"] == "gzip")
    }

    @Test func anErrorAnswerIsEncodedByTheSameRule() throws {
        let client = DynamoDBTestClient()
        var request = client.request("GetItem", #"{"TableName":"missing","Key":{"pk":{"S":"a"}}}"#)
        request.headers.add("Accept-Encoding", "gzip")
        let small = client.emulator.handle(request)
        #expect(small.status == 400)
        #expect(small.headers["Content-Encoding"] == nil)
        #expect(small.headers["x-amz-crc32"] == String(CRC32.checksum(small.body)))
        // A ValidationException echoing a 5,000-character name is over 4 KB: compressed as any answer.
        let name = String(repeating: "t", count: 5000)
        var long = client.request("DescribeTable", #"{"TableName":"\#(name)"}"#)
        long.headers.add("Accept-Encoding", "gzip")
        let large = client.emulator.handle(long)
        #expect(large.status == 400)
        #expect(large.headers["Content-Encoding"] == "gzip")
        #expect(large.body.count < 4096)
        #expect(large.headers["x-amz-crc32"] == String(CRC32.checksum(large.body)))
    }

    @Test func onlyTheLastAcceptEncodingHeaderCounts() {
        let client = clientWithNote(of: 5000)
        #expect(getNote(client, acceptEncoding: ["identity", "gzip"]).headers["Content-Encoding"] == "gzip")
        #expect(getNote(client, acceptEncoding: ["gzip", "identity"]).headers["Content-Encoding"] == nil)
    }

    /// (Accept-Encoding, the coding chosen or nil).
    static let negotiations: [(String, String?)] = [
        // Nothing DynamoDB compresses with.
        ("", nil), ("identity", nil), ("br", nil), ("zstd", nil), ("x-gzip", nil), ("compress", nil),
        // Not bare tokens.
        ("\"gzip\"", nil), ("gzip br", nil), ("gzip:q=1", nil),
        // Case, spaces and empty entries.
        ("DEFLATE", "deflate"), ("br , Gzip ,, zstd", "gzip"), ("deflate ; Q = 0.7 , gzip;q=0.6", "deflate"),
        // Order decides between equal weights; weights decide otherwise.
        ("gzip, deflate", "gzip"), ("zstd, deflate, gzip", "deflate"), ("gzip;q=0.3, deflate;q=0.9", "deflate"),
        // Zero refuses; above 1 is 1; the first q counts; a coding listed twice takes its highest.
        ("gzip;q=0", nil), ("gzip;q=0.0", nil), ("deflate;q=0.4, gzip;q=0.", "deflate"), ("gzip;q=7, deflate;q=9", "gzip"),
        ("deflate;q=0.4, gzip;q=0.9;q=0.1", "gzip"), ("gzip;q=0, gzip;q=0.5", "gzip"), ("gzip;x=1;q=0", nil),
        ("deflate;q=-1, gzip;q=0.3", "gzip"), ("br, gzip;q=0.001", "gzip"),
        // A weight that is not a decimal number is ignored.
        ("deflate;q=0.4, gzip;q=1.y", "gzip"), ("deflate;q=0.4, gzip;q=nan", "gzip"),
        // `*` stands for what is not listed; at equal weight a listed coding wins, then gzip.
        ("*", "gzip"), ("*;q=0", nil), ("*, identity", "gzip"), ("*, deflate", "deflate"),
        ("*, deflate;q=0.2", "gzip"), ("*, gzip;q=0.2", "deflate"), ("*;q=0.3, identity", "gzip"),
        ("zstd;q=0.9, identity;q=0.4, *;q=0", nil), ("gzip;q=0.2, identity;q=0.9", "gzip"),
    ]

    @Test(arguments: negotiations)
    func acceptEncodingIsReadAsDynamoDBReadsIt(_ header: String, _ expected: String?) {
        #expect(ResponseEncoding.preferred(in: header)?.rawValue == expected, "Accept-Encoding: \(header)")
    }
}
