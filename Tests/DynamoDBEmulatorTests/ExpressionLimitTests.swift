import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// DynamoDB's expression limits (4 KB per expression, 300 operators, 100 IN operands, 32 document path
/// levels, list indexes within the int range) and the inputs that used to crash the emulator (issue 8):
/// each answers a 400 ValidationException in DynamoDB's words instead of overflowing the stack.
@Suite("DynamoDB expression limits", .timeLimit(.minutes(1)))
struct ExpressionLimitTests {
    static let values = #"{":v":{"S":"x"}}"#

    func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("things", range: true)
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"sk":{"S":"1"},"n":{"N":"5"}}}"#)
        return client
    }

    func json(_ text: String) -> String { JSONValue.string(text).serialized() }

    // MARK: The crash inputs of issue 8

    @Test func fourThousandOpeningParenthesesInAConditionAreASyntaxError() {
        let answer = client().error(
            "PutItem", #"{"TableName":"things","Item":{"pk":{"S":"b"},"sk":{"S":"1"}},"ConditionExpression":\#(json(String(repeating: "(", count: 4000)))}"#)
        #expect(answer.status == 400)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == #"Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "(""#)
    }

    @Test func twoThousandBalancedParenthesesAreRedundant() {
        let condition = String(repeating: "(", count: 2000) + "n = :v" + String(repeating: ")", count: 2000)
        let answer = client().error(
            "DeleteItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"S":"1"}},"ConditionExpression":\#(json(condition)),"ExpressionAttributeValues":\#(Self.values)}"#)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == "Invalid ConditionExpression: The expression has redundant parentheses;")
    }

    @Test func fourThousandParenthesesInAKeyConditionAreASyntaxError() {
        let condition = String(repeating: "(", count: 4000) + "pk = :v"
        let answer = client().error(
            "Query", #"{"TableName":"things","KeyConditionExpression":\#(json(condition)),"ExpressionAttributeValues":\#(Self.values)}"#)
        #expect(answer.status == 400)
        #expect(answer.message == #"Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: ":v""#)
    }

    @Test func twentyFourThousandNotsInAFilterExceedTheSizeLimit() {
        let filter = String(repeating: "NOT ", count: 24_000) + "n = :v"
        let answer = client().error("Scan", #"{"TableName":"things","FilterExpression":\#(json(filter)),"ExpressionAttributeValues":\#(Self.values)}"#)
        #expect(answer.status == 400)
        #expect(answer.message == "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: \(filter.utf8.count)")
    }

    @Test func aThousandNotsWithinFourKilobytesAreTooManyOperators() {
        let filter = String(repeating: "NOT ", count: 1000) + "n = :v"
        let answer = client().error("Scan", #"{"TableName":"things","FilterExpression":\#(json(filter)),"ExpressionAttributeValues":\#(Self.values)}"#)
        #expect(answer.message == "Invalid FilterExpression: The expression contains too many operators; operator count: 301")
    }

    // MARK: Expression size (4 KB, raw bytes)

    @Test func anExpressionOfExactlyFourKilobytesIsAccepted() {
        let path = "a" + String(repeating: "z", count: 4095)
        let answer = client().ok("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"S":"1"}},"ProjectionExpression":"\#(path)"}"#)
        #expect(answer["Item"] == .object([]))
    }

    @Test(arguments: [
        // Projection, Update and KeyCondition name no size; Condition and Filter do, and no write wraps it
        // in the "1 validation error detected" envelope (captured from AWS by public test suites).
        ("GetItem", "ProjectionExpression", #""Key":{"pk":{"S":"a"},"sk":{"S":"1"}}"#, "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;"),
        ("UpdateItem", "UpdateExpression", #""Key":{"pk":{"S":"a"},"sk":{"S":"1"}}"#, "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;"),
        ("Query", "KeyConditionExpression", "", "Invalid KeyConditionExpression: Expression size has exceeded the maximum allowed size;"),
        ("PutItem", "ConditionExpression", #""Item":{"pk":{"S":"a"},"sk":{"S":"1"}}"#, "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097"),
        ("Scan", "FilterExpression", "", "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 4097"),
    ])
    func anExpressionOverFourKilobytesIsRefused(_ action: String, _ member: String, _ rest: String, _ message: String) {
        let text = "a" + String(repeating: "z", count: 4096)
        let separator = rest.isEmpty ? "" : ","
        let answer = client().error(action, #"{"TableName":"things",\#(rest)\#(separator)"\#(member)":"\#(text)"}"#)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == message)
    }

    @Test func theSizeCountsUTF8BytesNotCharacters() {
        // 1366 three-byte characters: 1366 characters, 4098 bytes.
        let name = String(repeating: "€", count: 1366)
        let answer = client().error(
            "Scan", ##"{"TableName":"things","FilterExpression":"#n = :v","ExpressionAttributeNames":{"#n":"x"},"ExpressionAttributeValues":\##(Self.values),"ProjectionExpression":"\##(name)"}"##)
        #expect(answer.message == "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;")
    }

    // MARK: Operators (300), IN operands (100)

    @Test func threeHundredOperatorsAreAcceptedAndTheNextIsRefused() throws {
        // "n = :v" is one operator; each " OR n = :v" adds two.
        let allowed = "n = :v" + String(repeating: " OR n = :v", count: 149)  // 299
        let client = client()
        client.ok("Scan", #"{"TableName":"things","FilterExpression":"\#(allowed)","ExpressionAttributeValues":\#(Self.values)}"#)
        let refused = allowed + " OR n = :v"  // 301
        let answer = client.error("Scan", #"{"TableName":"things","FilterExpression":"\#(refused)","ExpressionAttributeValues":\#(Self.values)}"#)
        #expect(answer.message == "Invalid FilterExpression: The expression contains too many operators; operator count: 301")
    }

    @Test func updateArithmeticAndFunctionsCountAsOperators() {
        // The "=" of a SET action is an assignment, not an operator: 301 actions with one "+" each.
        let actions = (0..<301).map { "a\($0)=:v+:v" }.joined(separator: ",")
        let answer = client().error(
            "UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"S":"1"}},"UpdateExpression":"SET \#(actions)","ExpressionAttributeValues":{":v":{"N":"1"}}}"#)
        #expect(answer.message == "Invalid UpdateExpression: The expression contains too many operators; operator count: 301")
    }

    @Test func nestedFunctionsStopAtTheOperatorLimit() {
        // 240 nested update functions fit in 4 KB and under 300 operators: evaluated, not a crash.
        let nested = String(repeating: "if_not_exists(a,", count: 240) + ":v" + String(repeating: ")", count: 240)
        let client = client()
        client.ok(
            "UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"S":"1"}},"UpdateExpression":"SET b = \#(nested)","ExpressionAttributeValues":\#(Self.values)}"#)
        let item = client.ok("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"S":"1"}}}"#)
        #expect(item["Item"]?["b"] == ["S": "x"])
        let sizes = "n = " + String(repeating: "size(", count: 680) + "b" + String(repeating: ")", count: 680)
        let second = client.error("Scan", #"{"TableName":"things","FilterExpression":"\#(sizes)"}"#)
        #expect(second.message == "Invalid FilterExpression: The expression contains too many operators; operator count: 301")
    }

    @Test func inTakesAtMostOneHundredOperands() {
        let hundred = Array(repeating: ":v", count: 100).joined(separator: ", ")
        let client = client()
        client.ok("Scan", #"{"TableName":"things","FilterExpression":"n IN (\#(hundred))","ExpressionAttributeValues":\#(Self.values)}"#)
        let answer = client.error("Scan", #"{"TableName":"things","FilterExpression":"n IN (\#(hundred), :v)","ExpressionAttributeValues":\#(Self.values)}"#)
        #expect(answer.message == "Invalid FilterExpression: The IN operator is provided with too many operands; number of operands: 101")
    }

    // MARK: Document paths

    @Test func aDocumentPathHasAtMostThirtyTwoLevels() {
        let client = client()
        let thirtyTwo = (0..<32).map { "m\($0)" }.joined(separator: ".")
        client.ok("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"S":"1"}},"ProjectionExpression":"\#(thirtyTwo)"}"#)
        let answer = client.error("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"S":"1"}},"ProjectionExpression":"\#(thirtyTwo)[0]"}"#)
        #expect(answer.message == "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33")
        let long = (0..<700).map { "a\($0)" }.joined(separator: ".")
        let longAnswer = client.error("Scan", #"{"TableName":"things","FilterExpression":"attribute_exists(\#(long))"}"#)
        #expect(longAnswer.message == "Invalid FilterExpression: The document path has too many nesting levels; nesting levels: 700")
    }

    @Test(arguments: ["99999999999999999999", "2147483648", "00000000001"])
    func aListIndexOutsideTheIntRangeIsRefused(_ index: String) {
        let answer = client().error(
            "UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"S":"1"}},"UpdateExpression":"SET a[\#(index)] = :v","ExpressionAttributeValues":\#(Self.values)}"#)
        #expect(answer.message == "Invalid UpdateExpression: List index is not within the allowable range; index: [\(index)]")
    }

    @Test func theLargestListIndexAppends() {
        let client = client()
        client.ok("UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"S":"1"}},"UpdateExpression":"SET l = :l","ExpressionAttributeValues":{":l":{"L":[{"S":"x"}]}}}"#)
        client.ok("UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"S":"1"}},"UpdateExpression":"SET l[2147483647] = :v","ExpressionAttributeValues":\#(Self.values)}"#)
        let item = client.ok("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"S":"1"}},"ProjectionExpression":"l[2147483647], l[1]"}"#)
        #expect(item["Item"]?["l"] == ["L": [["S": "x"]]])
    }

    // MARK: ExpressionAttributeNames / ExpressionAttributeValues

    @Test func placeholderKeysHaveAtMost255Bytes() {
        let client = client()
        let longName = "#" + String(repeating: "n", count: 255)
        let names = client.error(
            "Scan", ##"{"TableName":"things","FilterExpression":"\##(longName) = :v","ExpressionAttributeNames":{"\##(longName)":"n"},"ExpressionAttributeValues":\##(Self.values)}"##)
        #expect(names.message == "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 256")
        let longValue = ":" + String(repeating: "v", count: 255)
        let values = client.error(
            "Scan", #"{"TableName":"things","FilterExpression":"n = \#(longValue)","ExpressionAttributeValues":{"\#(longValue)":{"S":"x"}}}"#)
        #expect(values.message == "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;")
        let fine = "#" + String(repeating: "n", count: 254)
        client.ok("Scan", ##"{"TableName":"things","FilterExpression":"\##(fine) = :v","ExpressionAttributeNames":{"\##(fine)":"n"},"ExpressionAttributeValues":\##(Self.values)}"##)
    }

    @Test func substitutionVariablesHaveAtMostTwoMegabytes() {
        let big = String(repeating: "x", count: 400_000)
        let members = (0..<6).map { #"":v\#($0)":{"S":"\#(big)"}"# }.joined(separator: ",")
        let filter = (0..<6).map { "n = :v\($0)" }.joined(separator: " OR ")
        let answer = client().error("Scan", #"{"TableName":"things","FilterExpression":"\#(filter)","ExpressionAttributeValues":{\#(members)}}"#)
        #expect(answer.message == "ExpressionAttributeValues exceeds max size")
    }
}
