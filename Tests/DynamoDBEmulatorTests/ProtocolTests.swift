import DrydockCrypto
import DrydockCore
import EmulatorKit
import DrydockHTTP
@testable import DynamoDBEmulator
import Testing

@Suite("DynamoDB wire protocol")
struct ProtocolTests {
    @Test func crc32MatchesZlib() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    @Test func responsesCarryTypeRequestIdAndChecksum() {
        let client = DynamoDBTestClient()
        let response = client.send("ListTables", "{}")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/x-amz-json-1.0")
        #expect(response.headers["x-amzn-RequestId"]?.count == 52)
        #expect(response.headers["x-amz-crc32"] == String(CRC32.checksum(response.body)))
        #expect(response.bodyText == #"{"TableNames":[]}"#)
    }

    @Test func errorsCarryChecksumToo() {
        let response = DynamoDBTestClient().send("DescribeTable", #"{"TableName":"nope"}"#)
        #expect(response.status == 400)
        #expect(response.headers["x-amz-crc32"] == String(CRC32.checksum(response.body)))
        #expect(response.bodyText == #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found: Table: nope not found"}"#)
    }

    @Test func claimsOnlyDynamoDBTargets() {
        let emulator = DynamoDBEmulator()
        let client = DynamoDBTestClient(emulator: emulator)
        #expect(emulator.claims(client.request("GetItem", "{}")))
        #expect(emulator.operation(for: client.request("GetItem", "{}")) == "GetItem")
        #expect(emulator.operation(for: client.request("Frobnicate", "{}")) == "unknown")
        #expect(!emulator.claims(HTTPRequest(method: "POST", target: "/", headers: ["X-Amz-Target": "AmazonSQS.SendMessage"])))
        #expect(!emulator.claims(HTTPRequest(method: "GET", target: "/gmail/v1/users/me/profile")))
        #expect(emulator.endpointVariables(baseURL: "http://127.0.0.1:8080").first?.name == "AWS_ENDPOINT_URL_DYNAMODB")
    }

    @Test(arguments: ["not json", "[1,2]", "{\"TableName\": ", "\u{0}\u{1}", "{\"TableName\": 5}", "\"x\""])
    func garbageIsASerializationException(_ body: String) {
        let answer = DynamoDBTestClient().error("DescribeTable", body)
        #expect(answer.type == "SerializationException")
        #expect(answer.status == 400)
    }

    @Test func unparseableBodiesGetABareSerializationException() {
        let response = DynamoDBTestClient().send("ListTables", "{oops")
        #expect(response.bodyText == #"{"__type":"com.amazon.coral.service#SerializationException"}"#)
        let nested = DynamoDBTestClient().error("DescribeTable", #"{"TableName":{"a":1}}"#)
        #expect(nested.message == "Start of structure or map found where not expected")
    }

    @Test func unknownActionIsUnknownOperation() {
        let answer = DynamoDBTestClient().error("Frobnicate", "{}")
        #expect(answer.type == "UnknownOperationException")
    }

    @Test func regionsAreSeparate() {
        let emulator = DynamoDBEmulator()
        let west = DynamoDBTestClient(emulator: emulator, region: "us-west-2")
        let east = DynamoDBTestClient(emulator: emulator)
        west.createTable("orders")
        #expect(west.ok("ListTables", "{}")["TableNames"] == ["orders"])
        #expect(east.ok("ListTables", "{}")["TableNames"] == [])
        #expect(west.ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"]?["TableArn"]
            == "arn:aws:dynamodb:us-west-2:123456789012:table/orders")
    }

    @Test(arguments: [
        (400, nil as String?, "ProvisionedThroughputExceededException",
         "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."),
        (500, nil, "InternalServerError", "Internal server error"),
        (400, "ThrottlingException", "ThrottlingException",
         "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html"),
    ])
    func injectedFaults(_ status: Int, _ reason: String?, _ type: String, _ message: String) throws {
        let emulator = DynamoDBEmulator()
        let response = emulator.errorResponse(status: status, reason: reason, for: DynamoDBTestClient(emulator: emulator).request("GetItem", "{}"))
        #expect(response.status == status)
        let json = try JSONValue.parse(response.body)
        #expect(json["__type"]?.stringValue?.hasSuffix("#" + type) == true)
        #expect(json["message"]?.stringValue == message)
        #expect(response.headers["x-amz-crc32"] == String(CRC32.checksum(response.body)))
    }
}
