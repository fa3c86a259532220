import DrydockCore
@testable import DynamoDBEmulator
import Testing

@Suite("DynamoDB transactions")
struct TransactionTests {
    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("accounts")
        client.ok("PutItem", #"{"TableName":"accounts","Item":{"pk":{"S":"alice"},"balance":{"N":"100"}}}"#)
        client.ok("PutItem", #"{"TableName":"accounts","Item":{"pk":{"S":"bob"},"balance":{"N":"5"}}}"#)
        return client
    }

    static func transfer(_ amount: Int) -> String {
        #"""
        {"TransactItems":[
          {"Update":{"TableName":"accounts","Key":{"pk":{"S":"alice"}},"UpdateExpression":"SET balance = balance - :a","ConditionExpression":"balance >= :a","ExpressionAttributeValues":{":a":{"N":"\#(amount)"}},"ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
          {"Update":{"TableName":"accounts","Key":{"pk":{"S":"bob"}},"UpdateExpression":"SET balance = balance + :a","ExpressionAttributeValues":{":a":{"N":"\#(amount)"}}}},
          {"Put":{"TableName":"accounts","Item":{"pk":{"S":"log-\#(amount)"},"amount":{"N":"\#(amount)"}},"ConditionExpression":"attribute_not_exists(pk)"}}
        ]}
        """#
    }

    func balance(_ client: DynamoDBTestClient, _ who: String) -> JSONValue? {
        client.ok("GetItem", #"{"TableName":"accounts","Key":{"pk":{"S":"\#(who)"}}}"#)["Item"]?["balance"]
    }

    @Test func commitsEverything() {
        let client = Self.client()
        #expect(client.ok("TransactWriteItems", Self.transfer(30)) == [:])
        #expect(balance(client, "alice") == ["N": "70"])
        #expect(balance(client, "bob") == ["N": "35"])
        let got = client.ok("TransactGetItems", #"{"TransactItems":[{"Get":{"TableName":"accounts","Key":{"pk":{"S":"log-30"}}}},{"Get":{"TableName":"accounts","Key":{"pk":{"S":"nobody"}}}}]}"#)
        #expect(got["Responses"] == [["Item": ["amount": ["N": "30"], "pk": ["S": "log-30"]]], [:]])
    }

    /// As in UpdateItem, an Update that only removes attributes leaves a missing item missing.
    @Test func removalsOnAMissingItemCreateNothing() {
        let client = Self.client()
        client.ok("TransactWriteItems", #"{"TransactItems":[{"Update":{"TableName":"accounts","Key":{"pk":{"S":"carol"}},"UpdateExpression":"REMOVE balance"}}]}"#)
        #expect(client.ok("GetItem", #"{"TableName":"accounts","Key":{"pk":{"S":"carol"}}}"#)["Item"] == nil)
        client.ok("TransactWriteItems", #"{"TransactItems":[{"Update":{"TableName":"accounts","Key":{"pk":{"S":"alice"}},"UpdateExpression":"REMOVE balance"}}]}"#)
        #expect(client.ok("GetItem", #"{"TableName":"accounts","Key":{"pk":{"S":"alice"}}}"#)["Item"] == ["pk": ["S": "alice"]])
    }

    @Test func cancelsWithReasons() throws {
        let client = Self.client()
        let response = client.send("TransactWriteItems", Self.transfer(500))
        #expect(response.status == 400)
        let json = try JSONValue.parse(response.body)
        #expect(json["__type"] == "com.amazonaws.dynamodb.v20120810#TransactionCanceledException")
        #expect(json["message"] == "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, None]")
        let reasons = try #require(json["CancellationReasons"]?.arrayValue)
        #expect(reasons.count == 3)
        #expect(reasons[0]["Code"] == "ConditionalCheckFailed")
        #expect(reasons[0]["Item"]?["balance"] == ["N": "100"])
        #expect(reasons[1] == ["Code": "None"])
        #expect(balance(client, "alice") == ["N": "100"])
        #expect(balance(client, "bob") == ["N": "5"])
    }

    @Test func removalsDoNotCreateMissingItems() {
        let client = Self.client()
        let body = #"{"TransactItems":[{"Update":{"TableName":"accounts","Key":{"pk":{"S":"carol"}},"UpdateExpression":"REMOVE balance, notes.opening"}},{"Update":{"TableName":"accounts","Key":{"pk":{"S":"dave"}},"UpdateExpression":"SET balance = :z","ExpressionAttributeValues":{":z":{"N":"0"}}}}]}"#
        #expect(client.ok("TransactWriteItems", body) == [:])
        #expect(client.ok("GetItem", #"{"TableName":"accounts","Key":{"pk":{"S":"carol"}}}"#)["Item"] == nil)
        #expect(balance(client, "dave") == ["N": "0"])
    }

    @Test func oneItemOnce() {
        let answer = Self.client().error("TransactWriteItems", #"{"TransactItems":[{"Delete":{"TableName":"accounts","Key":{"pk":{"S":"bob"}}}},{"ConditionCheck":{"TableName":"accounts","Key":{"pk":{"S":"bob"}},"ConditionExpression":"attribute_exists(pk)"}}]}"#)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == "Transaction request cannot include multiple operations on one item")
    }
}

extension TransactionTests {
    @Test func wrongKeyTypesCancelWithValidationError() throws {
        let client = Self.client()
        let response = client.send("TransactWriteItems", #"{"TransactItems":[{"Put":{"TableName":"accounts","Item":{"pk":{"N":"5"}}}}]}"#)
        let json = try JSONValue.parse(response.body)
        #expect(json["message"] == "Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError]")
        #expect(json["CancellationReasons"] == [["Code": "ValidationError", "Message": "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"]])
        let empty = client.error("TransactWriteItems", #"{"TransactItems":[{"Delete":{"TableName":"accounts","Key":{"pk":{"S":""}}}}]}"#)
        #expect(empty.type == "ValidationException")
        #expect(empty.message == "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk")
        #expect(client.error("TransactWriteItems", #"{"TransactItems":[]}"#).message
            == "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1")
    }

    /// Keys are validated before any condition is read: the first bad key is the only reason given,
    /// every other entry says None, even one whose condition is false (as AWS answers).
    @Test func theFirstValidationErrorIsTheOnlyReason() throws {
        let client = Self.client()
        let body = #"{"TransactItems":[{"ConditionCheck":{"TableName":"accounts","Key":{"pk":{"S":"alice"}},"ConditionExpression":"attribute_not_exists(pk)"}},{"Put":{"TableName":"accounts","Item":{"pk":{"N":"7"}}}},{"Put":{"TableName":"accounts","Item":{"pk":{"N":"8"}}}}]}"#
        let json = try JSONValue.parse(client.send("TransactWriteItems", body).body)
        #expect(json["CancellationReasons"]?.arrayValue?.map { $0["Code"]?.stringValue } == ["None", "ValidationError", "None"])
        let reasons = json["CancellationReasons"]?.arrayValue ?? []
        #expect(reasons.count == 3 && reasons[0]["Message"] == nil && reasons[1]["Message"] != nil)
    }

    /// The 4 MB limit is on what the request carries: Puts of 5 MB are refused, Deletes of 5 MB of
    /// items (small keys) are not.
    @Test func theTransactionPayloadIsLimitedTo4MB() {
        let client = Self.client()
        let long = String(repeating: "x", count: 100_000)
        let puts = (0..<50).map { #"{"Put":{"TableName":"accounts","Item":{"pk":{"S":"big-\#($0)"},"x":{"S":"\#(long)"}}}}"# }
        let refused = client.error("TransactWriteItems", #"{"TransactItems":[\#(puts.joined(separator: ","))]}"#)
        #expect(refused.type == "ValidationException")
        #expect(refused.message == "Transaction payload size cannot exceed 4 MB")
        for i in 0..<50 { client.ok("PutItem", #"{"TableName":"accounts","Item":{"pk":{"S":"big-\#(i)"},"x":{"S":"\#(long)"}}}"#) }
        let deletes = (0..<50).map { #"{"Delete":{"TableName":"accounts","Key":{"pk":{"S":"big-\#($0)"}}}}"# }
        client.ok("TransactWriteItems", #"{"TransactItems":[\#(deletes.joined(separator: ","))]}"#)
        client.ok("TransactWriteItems", #"{"TransactItems":[\#(puts.prefix(30).joined(separator: ","))]}"#)
    }
}
