import DrydockCore
@testable import DynamoDBEmulator
import Testing

@Suite("DynamoDB attribute values")
struct AttributeValueTests {
    /// Each bad value inside PutItem's Item, with DynamoDB's exception and message.
    @Test(arguments: [
        (#"{}"#, "ValidationException", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
        (#"{"S":"a","N":"1"}"#, "ValidationException", "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"),
        (#"{"NULL":false}"#, "ValidationException", "One or more parameter values were invalid: Null attribute value types must have the value of true"),
        (#"{"SS":[]}"#, "ValidationException", "One or more parameter values were invalid: An string set  may not be empty"),
        (#"{"NS":[]}"#, "ValidationException", "One or more parameter values were invalid: An number set  may not be empty"),
        (#"{"BS":[]}"#, "ValidationException", "One or more parameter values were invalid: Binary sets should not be empty"),
        (#"{"SS":["b","a","b"]}"#, "ValidationException", #"1 validation error detected: One or more parameter values were invalid: Input collection ["a", "b", "b"] contains duplicates."#),
        (#"{"BS":["/w==","AA==","AA=="]}"#, "ValidationException", #"1 validation error detected: One or more parameter values were invalid: Input collection ["AA==","/w==","AA=="]of type BS contains duplicates."#),
        (#"{"NS":["1","1.0"]}"#, "ValidationException", "1 validation error detected: One or more parameter values were invalid: Input collection contains duplicates."),
        (#"{"N":"123456789012345678901234567890123456789"}"#, "ValidationException", "1 validation error detected: Attempting to store more than 38 significant digits in a Number"),
        (#"{"N":"1E200"}"#, "ValidationException", "1 validation error detected: Number overflow. Attempting to store a number with magnitude larger than supported range"),
        (#"{"N":"1E-200"}"#, "ValidationException", "1 validation error detected: Number underflow. Attempting to store a number with magnitude smaller than supported range"),
        (#"{"N":"twelve"}"#, "ValidationException", "1 validation error detected: The parameter cannot be converted to a numeric value: twelve"),
        (#"{"N":" 1"}"#, "ValidationException", "1 validation error detected: The parameter cannot be converted to a numeric value:  1"),
        (#"{"NS":["1",""]}"#, "ValidationException", "1 validation error detected: The parameter cannot be converted to a numeric value: "),
        (#"{"S":5}"#, "SerializationException", "NUMBER_VALUE cannot be converted to String"),
        (#"{"S":true}"#, "SerializationException", "TRUE_VALUE cannot be converted to String"),
        (#"{"BOOL":["yes"]}"#, "SerializationException", "Start of list found where not expected"),
        (#"{"S":{"a":1}}"#, "SerializationException", "Start of structure or map found where not expected"),
        (#"{"L":[{"M":{"x":{}}}]}"#, "ValidationException", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    ])
    func invalidValues(_ value: String, _ type: String, _ message: String) {
        let client = DynamoDBTestClient()
        client.createTable("things")
        let answer = client.error("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"k"},"v":\#(value)}}"#)
        #expect(answer.type == type)
        #expect(answer.message == message)
    }

    @Test func everyTypeRoundTrips() throws {
        let client = DynamoDBTestClient()
        client.createTable("things")
        let item = #"{"pk":{"S":"k"},"a":{"N":"1.50"},"b":{"B":"AAEC"},"c":{"BOOL":true},"d":{"NULL":true},"e":{"L":[{"S":"x"},{"N":"-0"}]},"f":{"M":{"g":{"SS":["p","q"]}}},"h":{"NS":["10","2.0"]},"i":{"BS":["AQ=="]},"j":{"S":""}}"#
        client.ok("PutItem", #"{"TableName":"things","Item":\#(item)}"#)
        let got = client.ok("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"k"}}}"#)["Item"]
        #expect(got?["a"] == ["N": "1.5"])
        #expect(got?["b"] == ["B": "AAEC"])
        #expect(got?["e"] == ["L": [["S": "x"], ["N": "0"]]])
        #expect(got?["f"] == ["M": ["g": ["SS": ["p", "q"]]]])
        #expect(got?["h"] == ["NS": ["10", "2"]])
        #expect(got?["j"] == ["S": ""])
    }

    @Test func sizeFollowsTheDocumentedRules() throws {
        #expect(AttributeValue.s("héllo").size == 6)
        #expect(AttributeValue.bool(true).size == 1)
        #expect(AttributeValue.l([.null, .bool(false)]).size == 3 + 2 + 2)
        #expect(Item.size(["ab": .s("cd")]) == 4)
    }

    @Test func itemsOver400KBAreRefused() {
        let client = DynamoDBTestClient()
        client.createTable("things")
        let big = String(repeating: "x", count: 400 * 1024)
        let answer = client.error("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"k"},"v":{"S":"\#(big)"}}}"#)
        #expect(answer.message == "Item size has exceeded the maximum allowed size")
        let fits = String(repeating: "x", count: 400 * 1024 - 4)
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"k"},"v":{"S":"\#(fits)"}}}"#)
    }

    /// The two checkers word the same problems differently (captured from AWS, 2026).
    @Test(arguments: [
        ("GetItem", #"{"TableName":"things","Key":{"pk":{"N":"abc"}}}"#, "The parameter cannot be converted to a numeric value: abc"),
        ("GetItem", #"{"TableName":"things","Key":{"pk":{"SS":["b","a","b"]}}}"#, #"One or more parameter values were invalid: Input collection ["a", "b", "b"] contains duplicates."#),
        ("DeleteItem", #"{"TableName":"things","Key":{"pk":{"NS":["2","1","2"]}}}"#, "1 validation error detected: One or more parameter values were invalid: Input collection contains duplicates."),
        ("BatchWriteItem", #"{"RequestItems":{"things":[{"PutRequest":{"Item":{"pk":{"S":"k"},"n":{"N":""}}}}]}}"#, "The parameter cannot be converted to a numeric value"),
        ("BatchWriteItem", #"{"RequestItems":{"things":[{"PutRequest":{"Item":{"pk":{"S":"k"},"s":{"SS":["b","a","b"]}}}}]}}"#, "One or more parameter values were invalid: Input collection [b, a, b] contains duplicates."),
        ("BatchWriteItem", #"{"RequestItems":{"things":[{"PutRequest":{"Item":{"pk":{"S":"k"},"s":{"NS":["2","1","2"]}}}}]}}"#, "Input collection contains duplicates"),
        ("TransactWriteItems", #"{"TransactItems":[{"Update":{"TableName":"things","Key":{"pk":{"S":"k"}},"UpdateExpression":"SET n = :v","ExpressionAttributeValues":{":v":{"N":"abc"}}}}]}"#, "ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: abc for key :v"),
    ])
    func layers(_ action: String, _ body: String, _ message: String) {
        let client = DynamoDBTestClient()
        client.createTable("things")
        let answer = client.error(action, body)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == message)
    }
}
