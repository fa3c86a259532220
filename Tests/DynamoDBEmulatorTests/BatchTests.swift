import DrydockCore
@testable import DynamoDBEmulator
import Testing

@Suite("DynamoDB batch operations")
struct BatchTests {
    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("alpha")
        client.createTable("bravo")
        return client
    }

    static func puts(_ table: String, _ keys: ClosedRange<Int>) -> String {
        keys.map { #"{"PutRequest":{"Item":{"pk":{"S":"\#(table)-\#($0)"},"n":{"N":"\#($0)"}}}}"# }.joined(separator: ",")
    }

    @Test func writeThenGetAcrossTables() throws {
        let client = Self.client()
        let written = client.ok("BatchWriteItem", #"{"RequestItems":{"alpha":[\#(Self.puts("alpha", 1...3))],"bravo":[\#(Self.puts("bravo", 1...2))]}}"#)
        #expect(written == ["UnprocessedItems": [:]])
        let got = client.ok("BatchGetItem", #"{"RequestItems":{"alpha":{"Keys":[{"pk":{"S":"alpha-1"}},{"pk":{"S":"alpha-9"}}],"ProjectionExpression":"n"},"bravo":{"Keys":[{"pk":{"S":"bravo-2"}}],"ConsistentRead":true}}}"#)
        #expect(got["Responses"]?["alpha"] == [["n": ["N": "1"]]])
        #expect(got["Responses"]?["bravo"]?.arrayValue?.first?["pk"] == ["S": "bravo-2"])
        #expect(got["UnprocessedKeys"] == [:])
        client.ok("BatchWriteItem", #"{"RequestItems":{"alpha":[{"DeleteRequest":{"Key":{"pk":{"S":"alpha-1"}}}}]}}"#)
        #expect(client.ok("GetItem", #"{"TableName":"alpha","Key":{"pk":{"S":"alpha-1"}}}"#) == [:])
    }

    @Test(arguments: [
        // One table's list past 25 breaks Coral's constraint on the map's values; 25 or fewer per table
        // but more in all is the service's own refusal.
        ("BatchWriteItem", #"{"RequestItems":{"alpha":[\#(puts("alpha", 1...26))]}}"#,
         "1 validation error detected: Value '{alpha=26}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"),
        ("BatchWriteItem", #"{"RequestItems":{"alpha":[\#(puts("alpha", 1...13))],"bravo":[\#(puts("bravo", 1...13))]}}"#, "Too many items requested for the BatchWriteItem call"),
        // An empty list for one table breaks the same constraint's lower bound.
        ("BatchWriteItem", #"{"RequestItems":{"alpha":[\#(puts("alpha", 1...1))],"bravo":[]}}"#,
         "1 validation error detected: Value '{bravo=0}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"),
        ("BatchWriteItem", #"{"RequestItems":{"alpha":[\#(puts("alpha", 1...1)),\#(puts("alpha", 1...1))]}}"#, "Provided list of item keys contains duplicates"),
        ("BatchWriteItem", #"{"RequestItems":{"alpha":[{"PutRequest":{"Item":{"n":{"N":"1"}}}}]}}"#, "One or more parameter values were invalid: Missing the key pk in the item"),
        ("BatchGetItem", #"{"RequestItems":{"alpha":{"Keys":[{"pk":{"S":"a"}},{"pk":{"S":"a"}}]}}}"#, "Provided list of item keys contains duplicates"),
        ("BatchGetItem", #"{"RequestItems":{"alpha":{"Keys":[{"pk":{"N":"1"}}]}}}"#, "The provided key element does not match the schema"),
    ])
    func validation(_ action: String, _ body: String, _ message: String) {
        let answer = Self.client().error(action, body)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == message)
    }

    @Test func nothingIsWrittenWhenAnyRequestIsInvalid() {
        let client = Self.client()
        let answer = client.error("BatchWriteItem", #"{"RequestItems":{"alpha":[\#(Self.puts("alpha", 1...2))],"missing-table":[\#(Self.puts("x", 1...1))]}}"#)
        #expect(answer.type == "ResourceNotFoundException")
        #expect(client.ok("Scan", #"{"TableName":"alpha","Select":"COUNT"}"#)["Count"] == 0)
    }
}
