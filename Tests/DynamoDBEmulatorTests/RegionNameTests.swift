import DrydockCore
import DrydockHTTP
@testable import DynamoDBEmulator
import Testing

/// The region a request reaches comes from its credential scope; a scope that cannot be a region name
/// (`..` would name a directory above a snapshot's regions) is refused as AWS refuses a scope it does
/// not serve.
@Suite("DynamoDB region names")
struct RegionNameTests {
    func request(_ authorization: String) -> HTTPRequest {
        HTTPRequest(
            method: "POST", target: "/",
            headers: ["X-Amz-Target": "DynamoDB_20120810.ListTables", "Authorization": authorization],
            body: Array("{}".utf8))
    }

    @Test(arguments: ["..", ".", "US-EAST-1", "1us", "us_east_1", String(repeating: "a", count: 51), "é"])
    func aScopeThatIsNoRegionNameIsRefused(_ region: String) throws {
        let emulator = DynamoDBEmulator()
        let response = emulator.handle(request("AWS4-HMAC-SHA256 Credential=AKID/20260101/\(region)/dynamodb/aws4_request, SignedHeaders=host, Signature=00"))
        #expect(response.status == 400)
        let body = try JSONValue.parse(response.body)
        #expect(body["__type"] == "com.amazon.coral.service#InvalidSignatureException")
        let shown = region == "é" ? "?" : region
        #expect(body["message"] == .string("Credential should be scoped to a valid region, not '\(shown)'. "))
    }

    @Test(arguments: ["us-east-1", "us-gov-west-1", "cn-north-1", "local", "eu-central-2"])
    func regionNamesAreServed(_ region: String) {
        let emulator = DynamoDBEmulator()
        let response = emulator.handle(request("AWS4-HMAC-SHA256 Credential=AKID/20260101/\(region)/dynamodb/aws4_request, SignedHeaders=host, Signature=00"))
        #expect(response.status == 200)
    }

    @Test func aRepeatedCredentialRoutesToTheLastOneLikeTheVerifier() {
        let emulator = DynamoDBEmulator()
        let west = DynamoDBTestClient(emulator: emulator, region: "us-west-2")
        west.createTable("west-only")
        let header = "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/dynamodb/aws4_request, Credential=AKID/20260101/us-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=00"
        let response = emulator.handle(request(header))
        let names = (try? JSONValue.parse(response.body))?["TableNames"]
        #expect(names == ["west-only"])
    }
}
