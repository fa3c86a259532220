import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// DynamoDB's limits on what secondary indexes project: 20 `NonKeyAttributes` per index (Coral's
/// constraint), 100 across all of a table's indexes (Developer Guide, "Quotas"), in CreateTable and in
/// UpdateTable's index Create.
@Suite("DynamoDB projected-attribute limits")
struct ProjectionLimitTests {
    static func names(_ prefix: String, _ count: Int) -> String {
        (1...count).map { "\"\(prefix)\($0)\"" }.joined(separator: ",")
    }

    static func gsi(_ name: String, projecting count: Int) -> String {
        #"{"IndexName":"\#(name)","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":[\#(names(name, count))]}}"#
    }

    static func createBody(_ indexes: [String]) -> String {
        #"""
        {"TableName":"wide","BillingMode":"PAY_PER_REQUEST",
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"g","AttributeType":"S"}],
         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
         "GlobalSecondaryIndexes":[\#(indexes.joined(separator: ","))]}
        """#
    }

    @Test func oneIndexProjectsAtMostTwentyNames() {
        let client = DynamoDBTestClient()
        let error = client.error("CreateTable", Self.createBody([Self.gsi("idx", projecting: 21)]))
        #expect(error.type == "ValidationException")
        #expect(error.message == "1 validation error detected: Value '[\((1...21).map { "idx\($0)" }.joined(separator: ", "))]' at 'globalSecondaryIndexes.1.member.projection.nonKeyAttributes' failed to satisfy constraint: Member must have length less than or equal to 20")
        // A list of thousands is one violation, answered without parsing the index.
        let huge = client.error("CreateTable", Self.createBody([Self.gsi("huge", projecting: 20_000)]))
        #expect(huge.message.hasSuffix("Member must have length less than or equal to 20"))
        client.ok("CreateTable", Self.createBody([Self.gsi("idx", projecting: 20)]))
    }

    @Test func aTableProjectsAtMostOneHundredNamesAcrossItsIndexes() {
        let client = DynamoDBTestClient()
        // The same names in two indexes count twice.
        let six = (1...6).map { Self.gsi("idx\($0)", projecting: 17) }
        let error = client.error("CreateTable", Self.createBody(six))
        #expect(error.type == "ValidationException")
        #expect(error.message == "One or more parameter values were invalid: Number of projected attributes in all indexes exceeds limit of 100")
        client.ok("CreateTable", Self.createBody((1...5).map { Self.gsi("idx\($0)", projecting: 20) }))
        // UpdateTable counts the table's indexes and the new one.
        let update = client.error("UpdateTable", #"""
            {"TableName":"wide","AttributeDefinitions":[{"AttributeName":"g","AttributeType":"S"}],
             "GlobalSecondaryIndexUpdates":[{"Create":\#(Self.gsi("more", projecting: 1))}]}
            """#)
        #expect(update.message == "One or more parameter values were invalid: Number of projected attributes in all indexes exceeds limit of 100")
        let indexes = client.ok("DescribeTable", #"{"TableName":"wide"}"#)["Table"]?["GlobalSecondaryIndexes"]?.arrayValue
        #expect(indexes?.count == 5)
    }

    @Test func anUpdateTableCreateOfTooManyNamesIsRefusedBeforeTheTableIsRead() {
        let client = DynamoDBTestClient()
        // No table: the constraint is answered first, as Coral's constraints are.
        let error = client.error("UpdateTable", #"""
            {"TableName":"absent","AttributeDefinitions":[{"AttributeName":"g","AttributeType":"S"}],
             "GlobalSecondaryIndexUpdates":[{"Create":\#(Self.gsi("huge", projecting: 20_000))}]}
            """#)
        #expect(error.type == "ValidationException")
        #expect(error.message.hasSuffix("at 'globalSecondaryIndexUpdates.1.member.create.projection.nonKeyAttributes' failed to satisfy constraint: Member must have length less than or equal to 20"))
    }

    @Test func aNameListedTwiceInOneIndexIsRefused() {
        let client = DynamoDBTestClient()
        let index = #"{"IndexName":"idx","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a","b","a"]}}"#
        #expect(client.error("CreateTable", Self.createBody([index])).message == "One or more parameter values were invalid: Duplicate element in NonKeyAttributes: a")
    }
}
