import DrydockCore
@testable import DynamoDBEmulator
import Testing

@Suite("DynamoDB items")
struct ItemTests {
    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("things", range: true, rangeType: "N")
        return client
    }

    @Test(arguments: [
        (#"{"pk":{"S":"a"}}"#, "One or more parameter values were invalid: Missing the key sk in the item"),
        (#"{"sk":{"N":"1"}}"#, "One or more parameter values were invalid: Missing the key pk in the item"),
        (#"{"pk":{"N":"1"},"sk":{"N":"1"}}"#, "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"),
        (#"{"pk":{"S":"a"},"sk":{"S":"1"}}"#, "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S"),
        (#"{"pk":{"S":""},"sk":{"N":"1"}}"#, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"),
    ])
    func putItemKeyValidation(_ item: String, _ message: String) {
        let answer = Self.client().error("PutItem", #"{"TableName":"things","Item":\#(item)}"#)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == message)
    }

    @Test(arguments: [
        #"{"pk":{"S":"a"}}"#, #"{"pk":{"S":"a"},"sk":{"S":"1"}}"#, #"{"pk":{"S":"a"},"sk":{"N":"1"},"x":{"S":"y"}}"#,
        #"{"id":{"S":"a"},"sk":{"N":"1"}}"#,
    ])
    func keyMustMatchSchema(_ key: String) {
        let answer = Self.client().error("GetItem", #"{"TableName":"things","Key":\#(key)}"#)
        #expect(answer.message == "The provided key element does not match the schema")
    }

    @Test func putGetDelete() {
        let client = Self.client()
        let key = #"{"pk":{"S":"a"},"sk":{"N":"1.0"}}"#
        #expect(client.ok("GetItem", #"{"TableName":"things","Key":\#(key)}"#) == [:])
        #expect(client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"v":{"S":"one"}}}"#) == [:])
        #expect(client.ok("GetItem", #"{"TableName":"things","Key":\#(key),"ConsistentRead":true}"#)["Item"]?["v"] == ["S": "one"])
        let replaced = client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"v":{"S":"two"}},"ReturnValues":"ALL_OLD"}"#)
        #expect(replaced["Attributes"]?["v"] == ["S": "one"])
        let deleted = client.ok("DeleteItem", #"{"TableName":"things","Key":\#(key),"ReturnValues":"ALL_OLD"}"#)
        #expect(deleted["Attributes"]?["v"] == ["S": "two"])
        #expect(client.ok("DeleteItem", #"{"TableName":"things","Key":\#(key),"ReturnValues":"ALL_OLD"}"#) == [:])
        #expect(client.error("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"sk":{"N":"1"}},"ReturnValues":"ALL_NEW"}"#).message
            == "ReturnValues can only be ALL_OLD or NONE")
    }

    @Test func conditionalWrites() {
        let client = Self.client()
        let put = #"{"TableName":"things","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"v":{"N":"5"}},"ConditionExpression":"attribute_not_exists(pk)"}"#
        client.ok("PutItem", put)
        let failed = client.error("PutItem", put)
        #expect(failed.type == "ConditionalCheckFailedException")
        #expect(failed.message == "The conditional request failed")
        let withItem = client.send("DeleteItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"ConditionExpression":"v > :n","ExpressionAttributeValues":{":n":{"N":"10"}},"ReturnValuesOnConditionCheckFailure":"ALL_OLD"}"#)
        let json = (try? JSONValue.parse(withItem.body)) ?? .null
        #expect(json["Item"]?["v"] == ["N": "5"])
        client.ok("DeleteItem", #"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"ConditionExpression":"v < :n","ExpressionAttributeValues":{":n":{"N":"10"}}}"#)
    }

    @Test func getItemProjection() {
        let client = Self.client()
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"m":{"M":{"x":{"L":[{"S":"p"},{"M":{"c":{"N":"3"},"d":{"N":"4"}}}]},"y":{"S":"q"}}},"z":{"S":"r"}}}"#)
        let got = client.ok("GetItem", ##"{"TableName":"things","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"ProjectionExpression":"m.x[1].c, #z","ExpressionAttributeNames":{"#z":"z"}}"##)
        #expect(got["Item"] == ["m": ["M": ["x": ["L": [["M": ["c": ["N": "3"]]]]]]], "z": ["S": "r"]])
    }

    @Test func returnConsumedCapacity() {
        let client = Self.client()
        let answer = client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"sk":{"N":"1"}},"ReturnConsumedCapacity":"TOTAL"}"#)
        #expect(answer["ConsumedCapacity"] == ["TableName": "things", "CapacityUnits": .number("1")])
    }
}
