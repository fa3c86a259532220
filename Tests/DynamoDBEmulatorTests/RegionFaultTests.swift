import DrydockCrypto
import DrydockCore
import DrydockHTTP
@testable import DynamoDBEmulator
import EmulatorKit
import Testing

/// Fault rules with `"region"` through the real router, SigV4-signed: one region fails with
/// DynamoDB's own exceptions while the other answers.
@Suite("DynamoDB region faults")
struct RegionFaultTests {
    static let item = #"{"TableName":"crew-dispatch","Item":{"pk":{"S":"B-1001"},"crew":{"S":"Ana"}}}"#
    static let key = #"{"TableName":"crew-dispatch","Key":{"pk":{"S":"B-1001"}}}"#

    /// crew-dispatch with one item in both regions.
    static func edge() -> SignedDynamoDBEdge {
        let edge = SignedDynamoDBEdge()
        for region in ["us-east-1", "us-west-2"] {
            edge.createTable("crew-dispatch", region: region)
            edge.ok("PutItem", item, region: region)
        }
        return edge
    }

    @Test func oneRegionFailsWhileTheOtherAnswers() {
        let edge = Self.edge()
        edge.addRules(#"{"service": "dynamodb", "region": "us-west-2", "action": {"type": "status", "status": 400, "reason": "ProvisionedThroughputExceededException"}}"#)

        let west = edge.send("GetItem", Self.key, region: "us-west-2")
        #expect(west.status == 400)
        #expect(west.dynamoError == (
            "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."))
        #expect(west.headers["Content-Type"] == "application/x-amz-json-1.0")
        #expect(west.headers["x-amz-crc32"] == String(CRC32.checksum(west.body)))
        #expect(west.headers["x-amzn-RequestId"] != nil)

        let east = edge.ok("GetItem", Self.key, region: "us-east-1")
        #expect(east["Item"]?["crew"] == ["S": "Ana"])

        #expect(edge.router.journal.entries().suffix(2).map { $0.fault?.ruleID } == ["r1", nil])
    }

    @Test func theRegionComesFromTheCredentialScopeNotTheHost() {
        let edge = Self.edge()
        edge.addRules(#"{"region": "us-east-1", "operation": "PutItem", "action": {"type": "status", "status": 500}}"#)
        let east = edge.send("PutItem", Self.item, region: "us-east-1")
        #expect(east.status == 500)
        #expect(east.dynamoError == ("com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error"))
        edge.ok("PutItem", Self.item, region: "us-west-2")
        // An unsigned request is us-east-1's (where the emulator keeps its data when verification is off).
        let unsigned = HTTPRequest(method: "POST", target: "/", headers: ["X-Amz-Target": "DynamoDB_20120810.PutItem"], body: Array(Self.item.utf8))
        #expect(edge.emulator.region(of: unsigned) == "us-east-1")
        #expect(edge.router.respond(to: unsigned).status == 500)
    }

    @Test(arguments: [
        // (operation, status, reason, __type, message)
        ("PutItem", 400, "ThrottlingException", "com.amazon.coral.availability#ThrottlingException",
         "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html"),
        ("CreateTable", 400, "ThrottlingException", "com.amazon.coral.availability#ThrottlingException",
         "Rate of requests exceeds the allowed throughput."),
        ("GetItem", 400, "RequestLimitExceeded", "com.amazonaws.dynamodb.v20120810#RequestLimitExceeded",
         "Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase"),
        ("GetItem", 503, nil, "com.amazon.coral.service#ServiceUnavailable", "Service Unavailable"),
        ("GetItem", 500, "InternalServerError", "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error"),
        ("GetItem", 400, "NoSuchThing", "com.amazonaws.dynamodb.v20120810#NoSuchThing", "NoSuchThing"),
    ] as [(String, Int, String?, String, String)])
    func dynamoDBShapedBodies(_ operation: String, _ status: Int, _ reason: String?, _ type: String, _ message: String) {
        let edge = SignedDynamoDBEdge()
        let reasonField = reason.map { #", "reason": "\#($0)""# } ?? ""
        edge.addRules(#"{"region": "us-west-2", "operation": "\#(operation)", "action": {"type": "status", "status": \#(status)\#(reasonField)}}"#)
        let response = edge.send(operation, operation == "CreateTable" ? #"{"TableName":"t"}"# : Self.item, region: "us-west-2")
        #expect(response.status == status)
        #expect(response.dynamoError == (type, message))
    }

    @Test func aStatus200RuleWithoutABatchReasonLetsTheRequestThrough() {
        let edge = Self.edge()
        edge.addRules(#"{"region": "us-west-2", "action": {"type": "status", "status": 200, "reason": "unprocessed-items"}}"#)
        #expect(edge.ok("GetItem", Self.key, region: "us-west-2")["Item"]?["pk"] == ["S": "B-1001"])
    }
}
