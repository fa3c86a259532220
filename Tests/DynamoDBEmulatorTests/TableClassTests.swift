import DrydockCore
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// CreateTable's and UpdateTable's `TableClass`, and DescribeTable's `TableClassSummary`, which appears
/// only once a class was named.
@Suite("DynamoDB table class")
struct TableClassTests {
    static func create(_ client: DynamoDBTestClient, tableClass: String?) -> JSONValue {
        let member = tableClass.map { #","TableClass":"\#($0)""# } ?? ""
        return client.ok("CreateTable", #"{"TableName":"things","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"\#(member)}"#)
    }

    func summary(_ client: DynamoDBTestClient) -> JSONValue? {
        client.ok("DescribeTable", #"{"TableName":"things"}"#)["Table"]?["TableClassSummary"]
    }

    @Test func theDefaultClassIsNotReported() {
        let client = DynamoDBTestClient()
        #expect(Self.create(client, tableClass: nil)["TableDescription"]?["TableClassSummary"] == nil)
        #expect(summary(client) == nil)
    }

    @Test(arguments: ["STANDARD", "STANDARD_INFREQUENT_ACCESS"])
    func aNamedClassIsReported(_ tableClass: String) {
        let client = DynamoDBTestClient()
        _ = Self.create(client, tableClass: tableClass)
        #expect(summary(client) == ["TableClass": .string(tableClass)])
    }

    @Test(arguments: ["standard", "GLACIER"])
    func anUnknownClassIsRefused(_ tableClass: String) {
        let client = DynamoDBTestClient()
        let body = #"{"TableName":"things","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST","TableClass":"\#(tableClass)"}"#
        let answer = client.error("CreateTable", body)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == "Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS].")
        #expect(client.error("DescribeTable", #"{"TableName":"things"}"#).type == "ResourceNotFoundException")
    }

    @Test func updateTableChangesTheClassAndStampsIt() {
        let client = DynamoDBTestClient()
        _ = Self.create(client, tableClass: "STANDARD")
        client.ok("UpdateTable", #"{"TableName":"things","TableClass":"STANDARD_INFREQUENT_ACCESS"}"#)
        let changed = summary(client)
        #expect(changed?["TableClass"] == "STANDARD_INFREQUENT_ACCESS")
        #expect(changed?["LastUpdateDateTime"] != nil)
        #expect(client.error("UpdateTable", #"{"TableName":"things","TableClass":"junk"}"#).message.contains("table-class"))
    }

    /// The change time survives restarts: the second start reads it from the snapshot the first
    /// restart wrote (the log that carried the UpdateTable is compacted into it).
    @Test func aDataDirectoryKeepsTheClassChangeTime() throws {
        let scratch = try TemporaryDirectory("ddb-class")
        defer { scratch.remove() }
        let clock = VirtualClock()
        func open() throws -> DynamoDBTestClient {
            DynamoDBTestClient(emulator: try DynamoDBEmulator(
                fixturesDirectory: scratch.appending("fixtures"), clock: clock, authenticator: AcceptAllAuthenticator(),
                dataDirectory: scratch.appending("data")))
        }
        let changed: JSONValue?
        do {
            let client = try open()
            _ = Self.create(client, tableClass: nil)
            client.ok("UpdateTable", #"{"TableName":"things","TableClass":"STANDARD_INFREQUENT_ACCESS"}"#)
            changed = summary(client)?["LastUpdateDateTime"]
        }
        #expect(changed != nil)
        clock.advance(seconds: 3600)
        for _ in 0..<2 {
            let summary = summary(try open())
            #expect(summary?["TableClass"] == "STANDARD_INFREQUENT_ACCESS")
            #expect(summary?["LastUpdateDateTime"] == changed)
        }
    }
}
