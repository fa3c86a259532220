import DrydockCore
import DrydockHTTP
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// The `unprocessed-items` fault (a status-200 rule): BatchWriteItem and BatchGetItem handled in part,
/// the rest returned in the request's own shape, and retry loops that converge once the rule is spent.
@Suite("DynamoDB unprocessed batch items")
struct UnprocessedItemsTests {
    static let rule = #"{"operation": "Batch*", "action": {"type": "status", "status": 200, "reason": "unprocessed-items"}}"#

    static func put(_ table: String, _ n: Int) -> String {
        #"{"PutRequest":{"Item":{"pk":{"S":"\#(table)-\#(n)"},"n":{"N":"\#(n)"}}}}"#
    }

    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("alpha")
        client.createTable("bravo")
        return client
    }

    /// `action` answered under the fault, called the way the router calls it.
    static func faulted(_ client: DynamoDBTestClient, _ action: String, _ body: String) -> (status: Int, json: JSONValue) {
        let response = client.emulator.errorResponse(status: 200, reason: "unprocessed-items", for: client.request(action, body))
        return (response.status, (try? JSONValue.parse(response.body)) ?? .null)
    }

    static func count(_ client: DynamoDBTestClient, _ table: String) -> JSONValue? {
        client.ok("Scan", #"{"TableName":"\#(table)","Select":"COUNT"}"#)["Count"]
    }

    @Test func batchWriteLeavesTheSecondHalfOfEachTableUnprocessedAsSent() throws {
        let client = Self.client()
        let alpha = (1...5).map { Self.put("alpha", $0) }
        let bravo = [Self.put("bravo", 1), #"{"DeleteRequest":{"Key":{"pk":{"S":"bravo-9"}}}}"#]
        let (status, json) = Self.faulted(client, "BatchWriteItem",
            #"{"RequestItems":{"alpha":[\#(alpha.joined(separator: ","))],"bravo":[\#(bravo.joined(separator: ","))]}}"#)
        #expect(status == 200)
        let expected = try JSONValue.parse(#"{"alpha":[\#(alpha[3]),\#(alpha[4])],"bravo":[\#(bravo[1])]}"#)
        #expect(json["UnprocessedItems"] == expected)
        #expect(Self.count(client, "alpha") == 3)
        #expect(client.ok("GetItem", #"{"TableName":"alpha","Key":{"pk":{"S":"alpha-4"}}}"#) == [:])
        #expect(Self.count(client, "bravo") == 1)
    }

    @Test func atLeastOneRequestIsLeftOut() throws {
        let client = Self.client()
        let (_, json) = Self.faulted(client, "BatchWriteItem",
            #"{"RequestItems":{"alpha":[\#(Self.put("alpha", 1))],"bravo":[\#(Self.put("bravo", 1))]}}"#)
        #expect(json["UnprocessedItems"] == (try JSONValue.parse(#"{"bravo":[\#(Self.put("bravo", 1))]}"#)))
        #expect(Self.count(client, "alpha") == 1)
        #expect(Self.count(client, "bravo") == 0)
        #expect(BatchSplit.unprocessedCounts([1]) == [1])
        #expect(BatchSplit.unprocessedCounts([25]) == [12])
        #expect(BatchSplit.unprocessedCounts([3, 1, 0]) == [1, 0, 0])
        #expect(BatchSplit.unprocessedCounts([1, 1, 0]) == [0, 1, 0])
    }

    @Test func theWholeBatchIsStillValidatedFirst() {
        let client = Self.client()
        // The duplicate sits in the half that would be left out: DynamoDB still rejects the batch.
        let body = #"{"RequestItems":{"alpha":[\#(Self.put("alpha", 1)),\#(Self.put("alpha", 2)),\#(Self.put("alpha", 2))]}}"#
        let (status, json) = Self.faulted(client, "BatchWriteItem", body)
        #expect(status == 400)
        #expect(json["message"] == "Provided list of item keys contains duplicates")
        #expect(Self.count(client, "alpha") == 0)
    }

    @Test func batchGetLeavesKeysUnprocessedWithTheTablesOtherMembersEchoed() throws {
        let client = Self.client()
        client.ok("BatchWriteItem", #"{"RequestItems":{"alpha":[\#((1...4).map { Self.put("alpha", $0) }.joined(separator: ","))]}}"#)
        let keys = (1...4).map { #"{"pk":{"S":"alpha-\#($0)"}}"# }
        let (status, json) = Self.faulted(client, "BatchGetItem", #"""
            {"RequestItems":{"alpha":{"Keys":[\#(keys.joined(separator: ","))],"ProjectionExpression":"#n","ExpressionAttributeNames":{"#n":"n"},"ConsistentRead":true}}}
            """#)
        #expect(status == 200)
        #expect(json["Responses"]?["alpha"] == [["n": ["N": "1"]], ["n": ["N": "2"]]])
        let expected = try JSONValue.parse(#"""
            {"alpha":{"Keys":[\#(keys[2]),\#(keys[3])],"ProjectionExpression":"#n","ExpressionAttributeNames":{"#n":"n"},"ConsistentRead":true}}
            """#)
        #expect(json["UnprocessedKeys"] == expected)
    }

    @Test func otherOperationsIgnoreTheReason() {
        let client = Self.client()
        let (status, json) = Self.faulted(client, "PutItem", #"{"TableName":"alpha","Item":{"pk":{"S":"solo"}}}"#)
        #expect(status == 200)
        #expect(json == [:])
        #expect(Self.count(client, "alpha") == 1)
    }

    /// Resubmits `UnprocessedItems` until none are left, as boto3's `batch_writer` and the SDK guides do;
    /// returns how many came back unprocessed after each call.
    static func writeUntilDone(_ edge: SignedDynamoDBEdge, _ requestItems: JSONValue) -> [Int] {
        var pending = requestItems
        var unprocessedCounts: [Int] = []
        for _ in 0..<10 {
            let answer = edge.ok("BatchWriteItem", JSONValue.object([("RequestItems", pending)]).serialized(), region: "us-west-2")
            pending = answer["UnprocessedItems"] ?? [:]
            unprocessedCounts.append(pending.objectValue?.reduce(0) { $0 + ($1.1.arrayValue?.count ?? 0) } ?? -1)
            if unprocessedCounts.last == 0 { break }
        }
        return unprocessedCounts
    }

    @Test func aRetryLoopConvergesOnceTheRuleIsSpent() throws {
        let edge = SignedDynamoDBEdge()
        edge.createTable("alpha", region: "us-west-2")
        edge.addRules(#"{"operation": "BatchWriteItem", "times": 2, "action": {"type": "status", "status": 200, "reason": "unprocessed-items"}}"#)
        let items = try JSONValue.parse(#"{"alpha":[\#((1...10).map { Self.put("alpha", $0) }.joined(separator: ","))]}"#)
        #expect(Self.writeUntilDone(edge, items) == [5, 2, 0])
        #expect(edge.ok("Scan", #"{"TableName":"alpha","Select":"COUNT"}"#, region: "us-west-2")["Count"] == 10)
        #expect(edge.router.faultRules[0].remaining == 0)
    }

    @Test func aBatchTheEmulatorRefusesKeepsItsErrorStatusThroughTheRouter() throws {
        let edge = SignedDynamoDBEdge()
        edge.addRules(#"{"operation": "BatchWriteItem", "action": {"type": "status", "status": 200, "reason": "unprocessed-items"}}"#)
        let response = edge.send("BatchWriteItem", #"{"RequestItems":{"missing":[\#(Self.put("missing", 1))]}}"#, region: "us-west-2")
        #expect(response.status == 400)
        #expect(response.dynamoError.type == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException")
    }

    @Test func aBatchGetRetryLoopCollectsEveryItem() throws {
        let edge = SignedDynamoDBEdge()
        edge.createTable("alpha", region: "us-west-2")
        edge.ok("BatchWriteItem", #"{"RequestItems":{"alpha":[\#((1...6).map { Self.put("alpha", $0) }.joined(separator: ","))]}}"#, region: "us-west-2")
        edge.addRules(#"{"operation": "BatchGetItem", "times": 3, "action": {"type": "status", "status": 200, "reason": "unprocessed-items"}}"#)
        var pending = try JSONValue.parse(#"{"alpha":{"Keys":[\#((1...6).map { #"{"pk":{"S":"alpha-\#($0)"}}"# }.joined(separator: ","))]}}"#)
        var found: [String] = []
        var calls = 0
        while pending != [:], calls < 10 {
            calls += 1
            let answer = edge.ok("BatchGetItem", JSONValue.object([("RequestItems", pending)]).serialized(), region: "us-west-2")
            found += answer["Responses"]?["alpha"]?.arrayValue?.compactMap { $0["pk"]?["S"]?.stringValue } ?? []
            pending = answer["UnprocessedKeys"] ?? [:]
        }
        #expect(calls == 4)  // 6 keys → 3 left → 1 left → 1 left (rule spent after 3) → done
        #expect(found.sorted() == (1...6).map { "alpha-\($0)" })
    }
}

/// With `--data-dir`, the part of a batch the fault applied is what the log replays after a restart.
@Suite("DynamoDB unprocessed batch items with a data directory")
struct UnprocessedItemsPersistenceTests {
    @Test func aRestartKeepsExactlyTheAppliedPart() throws {
        let scratch = try TemporaryDirectory("ddb-unprocessed")
        defer { scratch.remove() }
        let data = scratch.appending("data")
        let table = scratch.appending("fixtures/dynamodb/us-east-1/alpha.json")
        try FileManager.default.createDirectory(atPath: (table as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try #"""
            {"TableName":"alpha","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
             "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"Items":[]}
            """#.write(toFile: table, atomically: true, encoding: .utf8)
        func open() throws -> DynamoDBEmulator {
            try DynamoDBEmulator(
                fixturesDirectory: scratch.appending("fixtures"), clock: VirtualClock(), authenticator: AcceptAllAuthenticator(),
                dataDirectory: data)
        }
        do {
            let client = DynamoDBTestClient(emulator: try open())
            let puts = (1...4).map { UnprocessedItemsTests.put("alpha", $0) }.joined(separator: ",")
            let (status, json) = UnprocessedItemsTests.faulted(client, "BatchWriteItem", #"{"RequestItems":{"alpha":[\#(puts)]}}"#)
            #expect(status == 200)
            #expect(json["UnprocessedItems"]?["alpha"]?.arrayValue?.count == 2)
        }
        let restarted = DynamoDBTestClient(emulator: try open())
        let keys = restarted.ok("Scan", #"{"TableName":"alpha"}"#)["Items"]?.arrayValue?.compactMap { $0["pk"]?["S"]?.stringValue }
        #expect(keys?.sorted() == ["alpha-1", "alpha-2"])
    }
}
