import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// Expected, ConditionalOperator and AttributeUpdates on PutItem, DeleteItem and UpdateItem (API
/// Reference: ExpectedAttributeValue, AttributeValueUpdate; Developer Guide, "Legacy conditional
/// parameters").
@Suite("DynamoDB legacy parameters: item writes")
struct LegacyItemTests {
    /// Table `things1` (pk S) holding `{"pk":"a","n":5,"s":"x","tags":SS[red]}`.
    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("things1")
        client.ok("PutItem", #"{"TableName":"things1","Item":{"pk":{"S":"a"},"n":{"N":"5"},"s":{"S":"x"},"tags":{"SS":["red"]}}}"#)
        return client
    }

    func item(_ client: DynamoDBTestClient, _ key: String = "a") -> JSONValue? {
        client.ok("GetItem", #"{"TableName":"things1","Key":{"pk":{"S":"\#(key)"}},"ConsistentRead":true}"#)["Item"]
    }

    @Test(arguments: [
        (#"{"n":{"Value":{"N":"5"}}}"#, true),
        (#"{"n":{"Value":{"N":"6"},"Exists":true}}"#, false),
        (#"{"missing":{"Exists":false}}"#, true),
        (#"{"n":{"Exists":false}}"#, false),
        (#"{"n":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"4"}]}}"#, true),
        (#"{"n":{"ComparisonOperator":"LT","Value":{"N":"4"}}}"#, false),
        (#"{"s":{"ComparisonOperator":"NOT_NULL"}}"#, true),
        (#"{"tags":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"red"}]}}"#, true),
        (#"{"missing":{"ComparisonOperator":"NE","AttributeValueList":[{"S":"red"}]}}"#, true),
        (#"{"missing":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"red"}]}}"#, false),
        (#"{"missing":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"red"}]}}"#, false),
        (#"{"n":{"Value":{"N":"6"}},"s":{"Value":{"S":"x"}}}"#, false),
        (#"{"n":{"Value":{"N":"6"}},"s":{"Value":{"S":"x"}}},"ConditionalOperator":"OR""#, true),
    ])
    func expectedOnPutItem(_ expected: String, _ passes: Bool) {
        let client = Self.client()
        let response = client.send("PutItem", #"{"TableName":"things1","Item":{"pk":{"S":"a"},"v":{"S":"new"}},"Expected":\#(expected)}"#)
        if passes {
            #expect(response.status == 200, "\(response.bodyText)")
            #expect(item(client)?["v"] == ["S": "new"])
        } else {
            let error = client.error("PutItem", #"{"TableName":"things1","Item":{"pk":{"S":"a"},"v":{"S":"new"}},"Expected":\#(expected)}"#)
            #expect(error.type == "ConditionalCheckFailedException")
            #expect(error.message == "The conditional request failed")
            #expect(item(client)?["v"] == nil)
        }
    }

    /// An update that only takes attributes away (AttributeUpdates DELETE, with or without a set;
    /// REMOVE or DELETE in an UpdateExpression) leaves a missing item missing; one with no actions,
    /// or one that puts something, creates it.
    @Test(arguments: [
        (#""AttributeUpdates":{"n":{"Action":"DELETE"}}"#, false),
        (#""AttributeUpdates":{"tags":{"Action":"DELETE","Value":{"SS":["red"]}}}"#, false),
        (#""UpdateExpression":"REMOVE n""#, false),
        (#""UpdateExpression":"DELETE tags :t","ExpressionAttributeValues":{":t":{"SS":["red"]}}"#, false),
        (#""AttributeUpdates":{}"#, true),
        (#""AttributeUpdates":{"n":{"Action":"DELETE"},"v":{"Action":"PUT","Value":{"S":"x"}}}"#, true),
        (#""UpdateExpression":"REMOVE n SET v = :v","ExpressionAttributeValues":{":v":{"S":"x"}}"#, true),
    ])
    func removalsDoNotCreateAMissingItem(_ members: String, _ creates: Bool) {
        let client = Self.client()
        let answer = client.ok("UpdateItem", #"{"TableName":"things1","Key":{"pk":{"S":"new"}},"ReturnValues":"ALL_NEW",\#(members)}"#)
        #expect((item(client, "new") != nil) == creates)
        #expect((answer["Attributes"] != nil) == creates)
    }

    @Test func expectedOnAMissingItemAndOnDeleteItem() {
        let client = Self.client()
        client.ok("PutItem", #"{"TableName":"things1","Item":{"pk":{"S":"b"}},"Expected":{"pk":{"Exists":false}}}"#)
        let again = client.error("PutItem", #"{"TableName":"things1","Item":{"pk":{"S":"b"}},"Expected":{"pk":{"Exists":false}}}"#)
        #expect(again.type == "ConditionalCheckFailedException")
        let refused = client.error("DeleteItem", #"{"TableName":"things1","Key":{"pk":{"S":"a"}},"Expected":{"n":{"Value":{"N":"1"}}}}"#)
        #expect(refused.type == "ConditionalCheckFailedException")
        client.ok("DeleteItem", #"{"TableName":"things1","Key":{"pk":{"S":"a"}},"Expected":{"n":{"Value":{"N":"5.0"}}}}"#)
        #expect(item(client) == nil)
    }

    @Test(arguments: [
        (#"{"n":{"Exists":true}}"#, "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: n"),
        (#"{"n":{}}"#, "One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: n"),
        (#"{"n":{"Exists":false,"Value":{"N":"1"}}}"#, "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: n"),
        (#"{"n":{"Exists":true,"ComparisonOperator":"EQ","Value":{"N":"1"}}}"#,
         "One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together for Attribute: n"),
        (#"{"n":{"ComparisonOperator":"EQ","Value":{"N":"1"},"AttributeValueList":[{"N":"1"}]}}"#,
         "One or more parameter values were invalid: Value and AttributeValueList cannot be used together for Attribute: n"),
        (#"{"n":{"AttributeValueList":[{"N":"1"}]}}"#,
         "One or more parameter values were invalid: AttributeValueList can only be used with a ComparisonOperator for Attribute: n"),
        (#"{"n":{"ComparisonOperator":"EQ"}}"#,
         "One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: n"),
        (#"{"n":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"}]}}"#,
         "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
        (#"{"n":{"ComparisonOperator":"GT","AttributeValueList":[{"BOOL":true}]}}"#,
         "One or more parameter values were invalid: ComparisonOperator GT is not valid for BOOL AttributeValue type"),
        (#"{"n":{"ComparisonOperator":"SOMETIMES","AttributeValueList":[{"N":"1"}]}}"#,
         "1 validation error detected: Value 'SOMETIMES' at 'expected.n.member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"),
    ])
    func expectedErrors(_ expected: String, _ message: String) {
        let error = Self.client().error("PutItem", #"{"TableName":"things1","Item":{"pk":{"S":"a"}},"Expected":\#(expected)}"#)
        #expect(error.type == "ValidationException")
        #expect(error.message == message)
    }

    @Test func expectedMixedWithAConditionExpression() {
        let error = Self.client().error("DeleteItem", #"{"TableName":"things1","Key":{"pk":{"S":"a"}},"Expected":{"n":{"Exists":false}},"ConditionExpression":"attribute_exists(n)"}"#)
        #expect(error.message == "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}")
    }

    // MARK: AttributeUpdates

    @Test func attributeUpdatesActions() {
        let client = Self.client()
        let answer = client.ok("UpdateItem", #"""
        {"TableName":"things1","Key":{"pk":{"S":"a"}},"ReturnValues":"UPDATED_NEW","AttributeUpdates":{
          "s":{"Action":"PUT","Value":{"S":"y"}},
          "n":{"Action":"ADD","Value":{"N":"2.5"}},
          "tags":{"Action":"ADD","Value":{"SS":["blue"]}},
          "list":{"Action":"ADD","Value":{"L":[{"S":"one"}]}},
          "fresh":{"Value":{"BOOL":true}}}}
        """#)
        #expect(answer["Attributes"]?["n"] == ["N": "7.5"])
        #expect(answer["Attributes"]?["s"] == ["S": "y"])
        #expect(answer["Attributes"]?["list"] == ["L": [["S": "one"]]])
        #expect(answer["Attributes"]?["fresh"] == ["BOOL": true])
        client.ok("UpdateItem", #"{"TableName":"things1","Key":{"pk":{"S":"a"}},"AttributeUpdates":{"list":{"Action":"ADD","Value":{"L":[{"S":"two"}]}},"tags":{"Action":"DELETE","Value":{"SS":["red"]}},"s":{"Action":"DELETE"}}}"#)
        let after = item(client)
        #expect(after?["list"] == ["L": [["S": "one"], ["S": "two"]]])
        #expect(after?["tags"] == ["SS": ["blue"]])
        #expect(after?["s"] == nil)
    }

    @Test func attributeUpdatesWithExpectedCreatesAndGuards() {
        let client = Self.client()
        client.ok("UpdateItem", #"{"TableName":"things1","Key":{"pk":{"S":"new"}},"Expected":{"pk":{"Exists":false}},"AttributeUpdates":{"count":{"Action":"ADD","Value":{"N":"1"}}}}"#)
        #expect(item(client, "new")?["count"] == ["N": "1"])
        let failed = client.error("UpdateItem", #"{"TableName":"things1","Key":{"pk":{"S":"new"}},"Expected":{"count":{"Value":{"N":"0"}}},"AttributeUpdates":{"count":{"Action":"ADD","Value":{"N":"1"}}}}"#)
        #expect(failed.type == "ConditionalCheckFailedException")
    }

    @Test(arguments: [
        (#"{"s":{"Action":"PUT"}}"#, "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"),
        (#"{"s":{"Action":"DELETE","Value":{"S":"x"}}}"#, "One or more parameter values were invalid: DELETE action with value is not supported for the type S"),
        (#"{"s":{"Action":"ADD","Value":{"S":"x"}}}"#, "One or more parameter values were invalid: ADD action is not supported for the type S"),
        (#"{"pk":{"Action":"PUT","Value":{"S":"b"}}}"#, "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"),
        (#"{"s":{"Action":"ADD","Value":{"N":"1"}}}"#, "Type mismatch for attribute to update"),
        (#"{"n":{"Action":"DELETE","Value":{"NS":["1"]}}}"#, "Type mismatch for attribute to update"),
        (#"{"s":{"Action":"REPLACE","Value":{"S":"x"}}}"#,
         "1 validation error detected: Value 'REPLACE' at 'attributeUpdates.s.member.action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]"),
    ])
    func attributeUpdatesErrors(_ updates: String, _ message: String) {
        let client = Self.client()
        let error = client.error("UpdateItem", #"{"TableName":"things1","Key":{"pk":{"S":"a"}},"AttributeUpdates":\#(updates)}"#)
        #expect(error.type == "ValidationException")
        #expect(error.message == message)
        #expect(item(client)?["s"] == ["S": "x"])
    }

    @Test func attributeUpdatesMixedWithAnUpdateExpression() {
        let error = Self.client().error("UpdateItem", #"{"TableName":"things1","Key":{"pk":{"S":"a"}},"AttributeUpdates":{"s":{"Value":{"S":"y"}}},"UpdateExpression":"REMOVE n"}"#)
        #expect(error.message == "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}")
    }

    @Test func legacyMembersInsideATransactionAreIgnoredAsUnknownMembers() {
        let client = Self.client()
        client.ok("TransactWriteItems", #"{"TransactItems":[{"Put":{"TableName":"things1","Item":{"pk":{"S":"a"}},"Expected":{"pk":{"Exists":false}}}}]}"#)
        #expect(item(client) == ["pk": ["S": "a"]])
    }
}
