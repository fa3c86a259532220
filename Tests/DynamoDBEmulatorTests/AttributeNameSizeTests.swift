import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// An attribute name is at most 65535 bytes wherever a request names one: in an item, in
/// ExpressionAttributeNames, AttributesToGet and AttributeUpdates.
@Suite("DynamoDB attribute name size")
struct AttributeNameSizeTests {
    static let tooLong = String(repeating: "n", count: 65_536)
    static let longest = String(repeating: "n", count: 65_535)

    @Test(arguments: [
        ("GetItem", ##"{"TableName":"things","Key":{"pk":{"S":"a"}},"ProjectionExpression":"#n","ExpressionAttributeNames":{"#n":"\##(tooLong)"}}"##),
        ("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}},"AttributesToGet":["\#(tooLong)"]}"#),
        ("UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}},"AttributeUpdates":{"\#(tooLong)":{"Action":"PUT","Value":{"N":"2"}}}}"#),
        ("UpdateItem", ##"{"TableName":"things","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET #n = :v","ExpressionAttributeNames":{"#n":"\##(tooLong)"},"ExpressionAttributeValues":{":v":{"N":"3"}}}"##),
        ("UpdateItem", ##"{"TableName":"things","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET a = :v","ConditionExpression":"#n = :v","ExpressionAttributeNames":{"#n":"\##(tooLong)"},"ExpressionAttributeValues":{":v":{"N":"1"}}}"##),
    ])
    func aNameOf65536BytesIsRefused(_ action: String, _ body: String) {
        let client = DynamoDBTestClient()
        client.createTable("things")
        let answer = client.error(action, body)
        #expect(answer.type == "ValidationException")
        #expect(answer.message.contains("Attribute name is too large, must be less than 65536 bytes"), "\(answer.message)")
    }

    @Test func aNameOf65535BytesIsUsable() {
        let client = DynamoDBTestClient()
        client.createTable("things")
        client.ok("UpdateItem", ##"{"TableName":"things","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET #n = :v","ExpressionAttributeNames":{"#n":"\##(Self.longest)"},"ExpressionAttributeValues":{":v":{"N":"3"}}}"##)
        let got = client.ok("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"a"}},"AttributesToGet":["\#(Self.longest)"]}"#)
        #expect(got["Item"]?[Self.longest] == ["N": "3"])
    }
}
