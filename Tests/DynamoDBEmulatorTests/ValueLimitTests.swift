import DrydockCore
import DrydockCrypto
@testable import DynamoDBEmulator
import Testing

/// Limits on client values (issue 8): 32 nesting levels for attribute values, numbers whose exponents or
/// sums leave DynamoDB's range, and integer members far outside their range — each a 400 in DynamoDB's
/// words, never a trap or a hang.
@Suite("DynamoDB value limits", .timeLimit(.minutes(1)))
struct ValueLimitTests {
    static let nesting = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"

    /// `{"S":"leaf"}` wrapped in `levels` single-member maps: the leaf sits at level `levels + 1`.
    static func deepMap(_ levels: Int) -> String {
        String(repeating: #"{"M":{"n":"#, count: levels) + #"{"S":"leaf"}"# + String(repeating: "}}", count: levels)
    }

    func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("things")
        return client
    }

    // MARK: Nesting

    @Test func thirtyTwoLevelsAreStoredAndThirtyThreeRefused() {
        let client = client()
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"d":\#(Self.deepMap(31))}}"#)
        let stored = client.ok("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}}}"#)
        #expect(stored["Item"]?["d"] != nil)
        let answer = client.error("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"b"},"d":\#(Self.deepMap(32))}}"#)
        #expect(answer.status == 400)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == Self.nesting)
    }

    @Test func aListNestedTwoHundredLevelsIsRefusedNotRecursedThrough() {
        let deep = String(repeating: #"{"L":["#, count: 200) + #"{"N":"1"}"# + String(repeating: "]}", count: 200)
        let answer = client().error("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"d":\#(deep)}}"#)
        #expect(answer.message == Self.nesting)
    }

    @Test func aBodyNestedPastTheJSONLimitIsASerializationException() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let answer = client().error("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"d":\#(deep)}}"#)
        #expect(answer.status == 400)
        #expect(answer.type == "SerializationException")
    }

    @Test func aDeepExpressionValueNamesItsPlaceholder() {
        let answer = client().error(
            "UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET d = :deep","ExpressionAttributeValues":{":deep":\#(Self.deepMap(32))}}"#)
        #expect(answer.message == "ExpressionAttributeValues contains invalid value: \(Self.nesting) for key :deep")
    }

    @Test func anUpdateCannotNestAValueDeeperThanTheItemAllows() {
        let client = client()
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"d":\#(Self.deepMap(20))}}"#)
        let path = "d" + String(repeating: ".n", count: 20)
        let answer = client.error(
            "UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET \#(path) = :v","ExpressionAttributeValues":{":v":\#(Self.deepMap(15))}}"#)
        #expect(answer.message == Self.nesting)
    }

    @Test func batchAndTransactionPutsHaveTheSameLimit() {
        let client = client()
        let batch = client.error("BatchWriteItem", #"{"RequestItems":{"things":[{"PutRequest":{"Item":{"pk":{"S":"a"},"d":\#(Self.deepMap(32))}}}]}}"#)
        #expect(batch.message == Self.nesting)
        let transaction = client.error("TransactWriteItems", #"{"TransactItems":[{"Put":{"TableName":"things","Item":{"pk":{"S":"a"},"d":\#(Self.deepMap(32))}}}]}"#)
        #expect(transaction.message == Self.nesting)
    }

    // MARK: Numbers

    @Test(arguments: [
        ("1E+2147483647", DynamoNumber.Problem.overflow), ("1E2147483648", .overflow),
        ("1E+99999999999999999999999999", .overflow), ("-1E+9223372036854775807", .overflow),
        ("1E-2147483648", .underflow), ("1E-99999999999999999999999999", .underflow),
        ("0E+99999999999999999999", nil), ("0.0E-99999999999999999999", nil),
    ])
    func giantExponentsAreRangeErrors(_ text: String, _ problem: DynamoNumber.Problem?) {
        switch DynamoNumber.parse(text) {
        case .success(let number):
            #expect(problem == nil, "\(text) was accepted")
            #expect(number == .zero)
        case .failure(let found):
            #expect(found == problem)
        }
    }

    @Test func aMillionZerosAreReadInLinearTime() throws {
        let tiny = "0." + String(repeating: "0", count: 1_000_000) + "1"
        #expect(DynamoNumber.parse(tiny).failureValue == .underflow)
        let huge = "1" + String(repeating: "0", count: 1_000_000)
        #expect(DynamoNumber.parse(huge).failureValue == .overflow)
        let plain = String(repeating: "0", count: 1_000_000) + "12.5" + String(repeating: "0", count: 1_000_000)
        #expect(try #require(DynamoNumber.parse(plain).successValue).description == "12.5")
    }

    @Test func sumsPastTheRangeOrPrecisionAreRefused() {
        let client = client()
        let largest = "9.9999999999999999999999999999999999999E+125"
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"n":{"N":"\#(largest)"},"m":{"N":"-\#(largest)"}}}"#)
        let overflow = "Number overflow. Attempting to store a number with magnitude larger than supported range"
        let add = client.error(
            "UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}},"UpdateExpression":"ADD n :big","ExpressionAttributeValues":{":big":{"N":"\#(largest)"}}}"#)
        #expect(add.message == overflow)
        let plus = client.error(
            "UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET n = n + :big","ExpressionAttributeValues":{":big":{"N":"1E+125"}}}"#)
        #expect(plus.message == overflow)
        let minus = client.error(
            "UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET m = m - :big","ExpressionAttributeValues":{":big":{"N":"1E+125"}}}"#)
        #expect(minus.message == overflow)
        let precision = client.error(
            "UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET n = :a + :b","ExpressionAttributeValues":{":a":{"N":"1E+100"},":b":{"N":"1E-100"}}}"#)
        #expect(precision.message == overflow)
        let item = client.ok("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}}}"#)
        #expect(item["Item"]?["n"]?["N"]?.stringValue?.hasPrefix("99999999999999999999999999999999999999") == true)
    }

    @Test func sizeOfALargeValueIsExact() {
        let client = client()
        let text = String(repeating: "x", count: 300_000)
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"s":{"S":"\#(text)"}}}"#)
        let answer = client.ok("Scan", #"{"TableName":"things","FilterExpression":"size(s) = :n","ExpressionAttributeValues":{":n":{"N":"300000"}},"Select":"COUNT"}"#)
        #expect(answer["Count"] == 1)
    }

    // MARK: Integer members

    @Test func integerMembersFarOutOfRangeAreRefused() {
        let client = client()
        client.ok("Scan", #"{"TableName":"things","Limit":9223372036854775807}"#)
        let notAnInteger = client.error("Scan", #"{"TableName":"things","Limit":1e30}"#)
        #expect(notAnInteger.type == "SerializationException")
        #expect(notAnInteger.message == "NUMBER_VALUE cannot be converted to Integer")
        let segments = client.error("Scan", #"{"TableName":"things","Segment":-9223372036854775808,"TotalSegments":9223372036854775807}"#)
        #expect(segments.message == "2 validation errors detected: Value '-9223372036854775808' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0; Value '9223372036854775807' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000")
        let tables = client.error("ListTables", #"{"Limit":9223372036854775807}"#)
        #expect(tables.message == "1 validation error detected: Value '9223372036854775807' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")
    }
}

/// Work on large values stays linear (issue 8: a request must not be able to stall the emulator):
/// set ADD/DELETE, `contains` on long strings and binaries, and the duplicate-member message.
@Suite("DynamoDB large values", .timeLimit(.minutes(1)))
struct LargeValueTests {
    func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("things")
        return client
    }

    static func stringSet(_ range: Range<Int>) -> String {
        "[" + range.map { "\"m\($0)\"" }.joined(separator: ",") + "]"
    }

    @Test func addingAndDeletingLargeSetsIsLinear() {
        let client = client()
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"tags":{"SS":\#(Self.stringSet(0..<40_000))}}}"#)
        client.ok("UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}},"UpdateExpression":"ADD tags :more","ExpressionAttributeValues":{":more":{"SS":\#(Self.stringSet(20_000..<60_000))}}}"#)
        var count = client.ok("Scan", #"{"TableName":"things","FilterExpression":"size(tags) = :n","ExpressionAttributeValues":{":n":{"N":"60000"}},"Select":"COUNT"}"#)
        #expect(count["Count"] == 1)
        client.ok("UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}},"UpdateExpression":"DELETE tags :some","ExpressionAttributeValues":{":some":{"SS":\#(Self.stringSet(0..<50_000))}}}"#)
        count = client.ok("Scan", #"{"TableName":"things","FilterExpression":"size(tags) = :n","ExpressionAttributeValues":{":n":{"N":"10000"}},"Select":"COUNT"}"#)
        #expect(count["Count"] == 1)
    }

    @Test func containsOnLongStringsAndBinariesIsLinear() {
        let client = client()
        let long = String(repeating: "a", count: 190_000)
        let binary = Base64.encode([UInt8](repeating: 0, count: 190_000))
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"s":{"S":"\#(long)"},"b":{"B":"\#(binary)"}}}"#)
        // A needle that almost matches everywhere: the naive search compares 95,000 bytes 95,000 times.
        let needle = String(repeating: "a", count: 95_000) + "b"
        let blob = Base64.encode([UInt8](repeating: 0, count: 95_000) + [1])
        let answer = client.ok("Scan", #"{"TableName":"things","FilterExpression":"contains(s, :s) OR contains(b, :b)","ExpressionAttributeValues":{":s":{"S":"\#(needle)"},":b":{"B":"\#(blob)"}},"Select":"COUNT"}"#)
        #expect(answer["Count"] == 0)
        let found = client.ok("Scan", #"{"TableName":"things","FilterExpression":"contains(s, :s)","ExpressionAttributeValues":{":s":{"S":"\#(String(repeating: "a", count: 95_000))"}},"Select":"COUNT"}"#)
        #expect(found["Count"] == 1)
    }

    @Test(arguments: [
        ("abcabd", "abd", true), ("aaab", "aab", true), ("abababc", "ababc", true), ("abc", "abcd", false),
        ("abc", "", true), ("", "a", false), ("abacabab", "abab", true), ("abacabac", "abab", false), ("x", "x", true),
    ])
    func substringSearch(_ haystack: String, _ needle: String, _ found: Bool) {
        #expect(Condition.bytes(Array(haystack.utf8), contain: Array(needle.utf8)) == found)
    }

    @Test func aDuplicateAtTheEndOfALargeSetIsFoundInLinearTime() {
        let members = (0..<60_000).map { "\"m\($0)\"" } + ["\"m0\""]
        let answer = client().error("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"tags":{"SS":[\#(members.joined(separator: ","))]}}}"#)
        #expect(answer.message.hasPrefix("1 validation error detected: One or more parameter values were invalid: Input collection ["))
        #expect(answer.message.hasSuffix(" contains duplicates."))
    }
}
