import DrydockCore
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// Files and logs an earlier build accepted and wrote still open (`InputChecks.stored`), while the
/// same input sent as a request is refused.
@Suite("DynamoDB stored input")
struct StoredInputTests {
    /// `orders` as an earlier build wrote it: a tag value with characters today's TagResource refuses and
    /// a GSI projecting INCLUDE without NonKeyAttributes.
    static let olderTableFile = #"""
    {"TableName":"orders","BillingMode":"PAY_PER_REQUEST",
     "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"owner","AttributeType":"S"}],
     "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
     "GlobalSecondaryIndexes":[{"IndexName":"by-owner","KeySchema":[{"AttributeName":"owner","KeyType":"HASH"}],
                                "Projection":{"ProjectionType":"INCLUDE"}}],
     "Tags":[{"Key":"team","Value":"team#7, ops"}],
     "Items":[{"id":{"S":"o-1"},"owner":{"S":"ann"},"total":{"N":"12.50"}}]}
    """#

    /// The writes an earlier build applied and logged, which today's request checks refuse.
    static func olderLogRecords(arn: String) throws -> [JSONValue] {
        let requests: [(String, String)] = [
            ("TagResource", #"{"ResourceArn":"\#(arn)","Tags":[{"Key":"cost#center","Value":"a, b"}]}"#),
            // The key attribute declared by the table only, not in this request; INCLUDE without NonKeyAttributes.
            ("UpdateTable", #"{"TableName":"orders","GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"by-owner-2","KeySchema":[{"AttributeName":"owner","KeyType":"HASH"}],"Projection":{"ProjectionType":"INCLUDE"}}}]}"#),
            ("UpdateItem", #"{"TableName":"orders","Key":{"id":{"S":"o-1"}},"UpdateExpression":"SET _note = :v","ExpressionAttributeValues":{":v":{"S":"kept"}}}"#),
            // An on-demand index given a capacity, as earlier builds let an index Update do.
            ("UpdateTable", #"{"TableName":"orders","GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"by-owner","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}}]}"#),
            // An ordering against a list :value, false for earlier builds (so NOT of it held), refused today.
            ("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-2"},"owner":{"S":"bo"}},"ConditionExpression":"NOT (n1 < :l)","ExpressionAttributeValues":{":l":{"L":[]}}}"#),
            // Removal only, on a missing item: earlier builds created it key-only; replay follows today's rule.
            ("UpdateItem", #"{"TableName":"orders","Key":{"id":{"S":"o-9"}},"UpdateExpression":"REMOVE note"}"#),
            // A function argument with "+", which earlier builds read as any SET value.
            ("UpdateItem", #"{"TableName":"orders","Key":{"id":{"S":"o-1"}},"UpdateExpression":"SET c = if_not_exists(c, :a + :b)","ExpressionAttributeValues":{":a":{"N":"1"},":b":{"N":"2"}}}"#),
        ]
        return try requests.map { action, body in
            LogRecord(at: Date(timeIntervalSince1970: 1_764_115_200), region: "us-east-1", action: action, request: try JSONValue.parse(Array(body.utf8))).json
        }
    }

    /// What both the fixture set and the data directory must serve after loading the older table file.
    func expectOlderTable(_ client: DynamoDBTestClient) {
        let description = client.ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"]
        #expect(description?["GlobalSecondaryIndexes"]?.arrayValue?.first?["Projection"]?["ProjectionType"]?.stringValue == "INCLUDE")
        let arn = description?["TableArn"]?.stringValue ?? ""
        let tags = client.ok("ListTagsOfResource", #"{"ResourceArn":"\#(arn)"}"#)["Tags"]?.arrayValue ?? []
        #expect(tags.contains { $0["Value"]?.stringValue == "team#7, ops" })
        let query = client.ok("Query", ##"{"TableName":"orders","IndexName":"by-owner","KeyConditionExpression":"#o = :o","ExpressionAttributeNames":{"#o":"owner"},"ExpressionAttributeValues":{":o":{"S":"ann"}}}"##)
        #expect(query["Count"]?.intValue == 1)
    }

    @Test func aFixtureSetAnEarlierBuildAcceptedLoadsAndServes() throws {
        let scratch = try TemporaryDirectory("ddb-stored-fixtures")
        let path = scratch.appending("dynamodb/us-east-1/orders.json")
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Self.olderTableFile.write(toFile: path, atomically: true, encoding: .utf8)
        let client = DynamoDBTestClient(emulator: try DynamoDBEmulator(fixturesDirectory: scratch.path))
        expectOlderTable(client)
    }

    @Test func aDataDirectoryAnEarlierBuildWroteOpensServesAndIsRewritten() throws {
        let fixture = try DataDirectoryTests.Fixture()
        do { _ = try fixture.open() }
        // Rewrite the snapshot's table file and its log as the earlier build would have written them.
        let generation = try #require(fixture.files().first { !$0.hasSuffix(".wal") && $0.hasPrefix(DataDirectory.prefix) })
        let tableFile = fixture.data + "/\(generation)/dynamodb/us-east-1/orders.json"
        try Self.olderTableFile.write(toFile: tableFile, atomically: true, encoding: .utf8)
        let arn = "arn:aws:dynamodb:us-east-1:\(TableDefinition.accountID):table/orders"
        do {
            let name = (try fixture.logPath() as NSString).lastPathComponent
            let directory = try DataDirectory(path: fixture.data)
            try FileManager.default.removeItem(atPath: try fixture.logPath())
            let log = try WriteAheadLog(name: name, in: directory, validSize: 0)
            for record in try Self.olderLogRecords(arn: arn) { try log.append(record) }
        }
        let client = DynamoDBTestClient(emulator: try fixture.open())
        expectOlderTable(client)
        let indexes = client.ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"]?["GlobalSecondaryIndexes"]?.arrayValue ?? []
        #expect(Set(indexes.compactMap { $0["IndexName"]?.stringValue }) == ["by-owner", "by-owner-2"])
        let item = client.ok("GetItem", #"{"TableName":"orders","Key":{"id":{"S":"o-1"}}}"#)["Item"]
        #expect(item?["_note"]?["S"]?.stringValue == "kept")
        #expect(item?["c"]?["N"]?.stringValue == "3")
        #expect(client.ok("GetItem", #"{"TableName":"orders","Key":{"id":{"S":"o-2"}}}"#)["Item"] != nil)
        #expect(client.ok("GetItem", #"{"TableName":"orders","Key":{"id":{"S":"o-9"}}}"#)["Item"] == nil)
        // Opening wrote the replayed state as a fresh snapshot with an empty log; it opens again.
        let newest = try #require(fixture.files().last { !$0.hasSuffix(".wal") && $0.hasPrefix(DataDirectory.prefix) })
        #expect(newest > generation)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.data + "/\(newest).wal")).isEmpty)
    }

    /// Projection limits came later too: a table file projecting more than 20 names in one index (101 in
    /// all) loads, while CreateTable refuses the same description.
    @Test func aTableFileProjectingPastTodaysLimitsLoads() throws {
        let names = (0..<101).map { "\"a\($0)\"" }.joined(separator: ",")
        let description = #"{"TableName":"wide","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"g","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"GlobalSecondaryIndexes":[{"IndexName":"by-g","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":[\#(names)]}}]}"#
        let scratch = try TemporaryDirectory("ddb-stored-wide")
        let path = scratch.appending("dynamodb/us-east-1/wide.json")
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try description.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = DynamoDBTestClient(emulator: try DynamoDBEmulator(fixturesDirectory: scratch.path))
        let projected = loaded.ok("DescribeTable", #"{"TableName":"wide"}"#)["Table"]?["GlobalSecondaryIndexes"]?.arrayValue?.first?["Projection"]?["NonKeyAttributes"]?.arrayValue
        #expect(projected?.count == 101)
        let refused = DynamoDBTestClient().error("CreateTable", description)
        #expect(refused.type == "ValidationException")
    }

    @Test func theSameInputSentAsARequestIsStillRefused() throws {
        let client = DynamoDBTestClient(emulator: DynamoDBEmulator())
        let table = try JSONValue.parse(Array(Self.olderTableFile.utf8))
        guard case .object(let members) = table else { Issue.record("not an object"); return }
        let create = JSONValue.object(members.filter { !["Items", "Tags"].contains($0.0) }).serialized()
        #expect(client.error("CreateTable", create).message == "One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
        client.ok("CreateTable", create.replacingOccurrences(of: #""ProjectionType":"INCLUDE""#, with: #""ProjectionType":"KEYS_ONLY""#))
        let arn = client.ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"]?["TableArn"]?.stringValue ?? ""
        client.ok("PutItem", #"{"TableName":"orders","Item":{"id":{"S":"o-1"}}}"#)
        for record in try Self.olderLogRecords(arn: arn) {
            let request = try #require(LogRecord(record))
            if request.request["UpdateExpression"]?.stringValue == "REMOVE note" { continue }  // accepted live too
            let answer = client.error(request.action, request.request.serialized())
            #expect(answer.type.hasSuffix("ValidationException"), "\(request.action): \(answer)")
        }
    }
}
