import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// Requests DynamoDB refuses that the emulator used to accept: attribute names over 64 KB,
/// UpdateTimeToLive's argument errors, conflicting document paths, ConditionalOperator without two
/// conditions; and SETs of list elements applied in index order.
@Suite("DynamoDB request validation")
struct RequestValidationTests {
    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("checked")
        client.ok("PutItem", #"{"TableName":"checked","Item":{"pk":{"S":"a"},"m":{"M":{"b":{"S":"x"}}},"l":{"L":[{"S":"0"}]}}}"#)
        return client
    }

    @Test func attributeNamesOver64KilobytesAreRefused() {
        let client = Self.client()
        let longest = String(repeating: "n", count: 65_535)
        client.ok("PutItem", #"{"TableName":"checked","Item":{"pk":{"S":"b"},"\#(longest)":{"S":"ok"}}}"#)
        let error = client.error("PutItem", #"{"TableName":"checked","Item":{"pk":{"S":"c"},"\#(longest)n":{"S":"no"}}}"#)
        #expect(error.type == "ValidationException")
        #expect(error.message == "Attribute name is too large, must be less than 65536 bytes")
        let nested = client.error("PutItem", #"{"TableName":"checked","Item":{"pk":{"S":"c"},"m":{"M":{"\#(longest)n":{"S":"no"}}}}}"#)
        #expect(nested.message == "Attribute name is too large, must be less than 65536 bytes")
    }

    @Test func updateTimeToLiveArguments() {
        let client = Self.client()
        let spec = { (enabled: Bool, name: String) in
            #"{"TableName":"checked","TimeToLiveSpecification":{"Enabled":\#(enabled),"AttributeName":"\#(name)"}}"#
        }
        #expect(client.error("UpdateTimeToLive", spec(false, "expires")).message == "TimeToLive is already disabled")
        client.ok("UpdateTimeToLive", spec(true, "expires"))
        #expect(client.error("UpdateTimeToLive", spec(true, "expires")).message == "TimeToLive is already enabled")
        #expect(client.error("UpdateTimeToLive", spec(true, "other")).message
            == "TimeToLive is active on a different AttributeName: current AttributeName is expires")
        #expect(client.error("UpdateTimeToLive", spec(false, "other")).message
            == "TimeToLive is active on a different AttributeName: current AttributeName is expires")
        let long = String(repeating: "t", count: 256)
        #expect(client.error("UpdateTimeToLive", spec(true, long)).message
            == "1 validation error detected: Value '\(long)' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length less than or equal to 255")
        client.ok("UpdateTimeToLive", spec(false, "expires"))
    }

    @Test func conflictingPathsAreRefused() {
        let client = Self.client()
        let projection = client.error("GetItem", #"{"TableName":"checked","Key":{"pk":{"S":"a"}},"ProjectionExpression":"m.b, m[0]"}"#)
        #expect(projection.message == "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [m, b], path two: [m, [0]]")
        let update = client.error("UpdateItem", #"{"TableName":"checked","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET l[0] = :v REMOVE l.x","ExpressionAttributeValues":{":v":{"S":"y"}}}"#)
        #expect(update.message == "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [l, [0]], path two: [l, x]")
    }

    @Test func setOnAPathThroughANonMapIsRefused() {
        let client = Self.client()
        let error = client.error("UpdateItem", #"{"TableName":"checked","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET l.c = :v","ExpressionAttributeValues":{":v":{"S":"y"}}}"#)
        #expect(error.message == "The document path provided in the update expression is invalid for update")
    }

    @Test func listElementsAreSetInIndexOrder() {
        let client = Self.client()
        client.ok("UpdateItem", #"{"TableName":"checked","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET l[84] = :late, l[17] = :early","ExpressionAttributeValues":{":late":{"S":"84"},":early":{"S":"17"}}}"#)
        let item = client.ok("GetItem", #"{"TableName":"checked","Key":{"pk":{"S":"a"}}}"#)["Item"]
        #expect(item?["l"] == ["L": [["S": "0"], ["S": "17"], ["S": "84"]]])
    }

    @Test(arguments: [
        ("Scan", #"{"TableName":"checked","ConditionalOperator":"OR"}"#, "ConditionalOperator cannot be used without Filter or Expected"),
        ("Scan", #"{"TableName":"checked","ConditionalOperator":"OR","ScanFilter":{"pk":{"ComparisonOperator":"NOT_NULL"}}}"#,
         "ConditionalOperator can only be used when Filter or Expected has two or more elements"),
        ("PutItem", #"{"TableName":"checked","Item":{"pk":{"S":"a"}},"ConditionalOperator":"AND"}"#, "ConditionalOperator cannot be used without Filter or Expected"),
    ])
    func conditionalOperatorNeedsTwoConditions(_ action: String, _ body: String, _ message: String) {
        let error = Self.client().error(action, body)
        #expect(error.type == "ValidationException")
        #expect(error.message == message)
    }

    @Test(arguments: [
        ("pk.foo = :a", "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes"),
        ("pk[0] = :a", "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes"),
        ("pk = :a AND begins_with(sk.foo, :a)", "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes"),
        ("pk = :a AND pk = :a", "KeyConditionExpressions must only contain one condition per key"),
    ])
    func keyConditionMessages(_ condition: String, _ message: String) {
        let error = QueryScanTests.client().error("Query", #"{"TableName":"events","KeyConditionExpression":"\#(condition)","ExpressionAttributeValues":{":a":{"S":"a"}}}"#)
        #expect(error.type == "ValidationException")
        #expect(error.message == message)
    }

    @Test func deleteTableLeavesTheSchemaOut() {
        let client = QueryScanTests.client()
        let description = client.ok("DeleteTable", #"{"TableName":"events"}"#)["TableDescription"]
        #expect(description?["TableStatus"] == "DELETING")
        #expect(description?["TableName"] == "events")
        #expect(description?["ItemCount"] == 20)
        #expect(description?["TableArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/events")
        for member in ["KeySchema", "AttributeDefinitions", "CreationDateTime", "GlobalSecondaryIndexes"] {
            #expect(description?[member] == nil, "\(member)")
        }
    }

    @Test func keyValuesOverTheSizeLimitsAreRefused() {
        let client = DynamoDBTestClient()
        client.createTable("keys", range: true)
        let hash = String(repeating: "h", count: 2049), range = String(repeating: "r", count: 1025)
        client.ok("PutItem", #"{"TableName":"keys","Item":{"pk":{"S":"\#(hash.dropLast())"},"sk":{"S":"\#(range.dropLast())"}}}"#)
        #expect(client.error("PutItem", #"{"TableName":"keys","Item":{"pk":{"S":"\#(hash)"},"sk":{"S":"a"}}}"#).message
            == "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes")
        #expect(client.error("GetItem", #"{"TableName":"keys","Key":{"pk":{"S":"a"},"sk":{"S":"\#(range)"}}}"#).message
            == "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
    }

    @Test func anIndexAddedLaterLeavesOutItemsWhoseIndexKeyIsTooLarge() {
        let client = DynamoDBTestClient()
        client.ok("CreateTable", #"{"TableName":"backfill","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}"#)
        client.ok("PutItem", #"{"TableName":"backfill","Item":{"pk":{"S":"small"},"g":{"S":"x"},"r":{"S":"1"}}}"#)
        client.ok("PutItem", #"{"TableName":"backfill","Item":{"pk":{"S":"big"},"g":{"S":"x"},"r":{"S":"\#(String(repeating: "r", count: 1500))"}}}"#)
        client.ok("UpdateTable", #"{"TableName":"backfill","AttributeDefinitions":[{"AttributeName":"g","AttributeType":"S"},{"AttributeName":"r","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"},{"AttributeName":"r","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}}]}"#)
        let answer = client.ok("Query", #"{"TableName":"backfill","IndexName":"byG","KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"x"}}}"#)
        #expect(answer["Count"] == 1)
        #expect(answer["Items"]?.arrayValue?.first?["pk"] == ["S": "small"])
        let scanned = client.ok("Scan", #"{"TableName":"backfill","IndexName":"byG"}"#)
        #expect(scanned["Count"] == 1)
    }

    @Test(arguments: ["GetItem", "DescribeTable", "Query", "DeleteTable"])
    func tableNamesDynamoDBCouldNotHaveCreated(_ action: String) {
        let client = Self.client()
        for name in ["ab", "bad!name", String(repeating: "t", count: 256)] {
            let error = client.error(action, #"{"TableName":"\#(name)","Key":{"pk":{"S":"a"}}}"#)
            #expect(error.message == "Invalid table/index name.  Table/index names must be between 3 and 255 characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'")
        }
        let long = String(repeating: "t", count: 1025)
        #expect(client.error(action, #"{"TableName":"\#(long)"}"#).message
            == "1 validation error detected: Value '\(long)' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 1024")
    }

    @Test func anEmptyExpressionAttributeNameIsRefused() {
        let error = Self.client().error("GetItem", ##"{"TableName":"checked","Key":{"pk":{"S":"a"}},"ProjectionExpression":"#e","ExpressionAttributeNames":{"#e":""}}"##)
        #expect(error.message == "ExpressionAttributeNames contains invalid value: Empty attribute name for key #e")
    }

    @Test func aTableARNNamesTheTable() {
        let client = Self.client()
        let arn = "arn:aws:dynamodb:us-east-1:123456789012:table/checked"
        #expect(client.ok("GetItem", #"{"TableName":"\#(arn)","Key":{"pk":{"S":"a"}}}"#)["Item"]?["pk"] == ["S": "a"])
        #expect(client.ok("DescribeTable", #"{"TableName":"\#(arn)"}"#)["Table"]?["TableName"] == "checked")
        let elsewhere = client.error("GetItem", #"{"TableName":"arn:aws:dynamodb:eu-west-1:123456789012:table/checked","Key":{"pk":{"S":"a"}}}"#)
        #expect(elsewhere.type == "ResourceNotFoundException")
    }

    @Test func removingThroughAMissingParentOfAStoredItemIsRefused() {
        let client = Self.client()
        let update = { (key: String, expression: String) in
            client.send("UpdateItem", #"{"TableName":"checked","Key":{"pk":{"S":"\#(key)"}},"UpdateExpression":"\#(expression)","ReturnValues":"ALL_NEW"}"#)
        }
        for (key, expression) in [("a", "REMOVE absent.b"), ("a", "REMOVE m.x.y"), ("a", "REMOVE l[5].x")] {
            let response = update(key, expression)
            #expect(response.status == 400, "\(expression)")
            #expect(response.bodyText.contains("The document path provided in the update expression is invalid for update"), "\(expression)")
        }
        // On an item not stored DynamoDB ignores it (and creates nothing): only a stored item's path is checked.
        let missing = update("new", "REMOVE a.b")
        #expect(missing.status == 200, "\(missing.bodyText)")
        #expect(client.ok("GetItem", #"{"TableName":"checked","Key":{"pk":{"S":"new"}}}"#)["Item"] == nil)
        let fine = update("a", "REMOVE m.nothere, l[5]")  // only the last step absent: nothing to do
        #expect(fine.status == 200, "\(fine.bodyText)")
    }
}
