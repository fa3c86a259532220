import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// Coral's member constraints on the names a table declares: key, attribute-definition and projected
/// attribute names are 1–255 characters, checked before the schema's consistency; ProvisionedThroughput
/// needs both of its units.
@Suite("DynamoDB key attribute name limits")
struct KeyNameLimitTests {
    static let long = String(repeating: "k", count: 256)

    static func table(keys: String, definitions: String, extra: String = "") -> String {
        #"{"TableName":"things","KeySchema":\#(keys),"AttributeDefinitions":\#(definitions),"BillingMode":"PAY_PER_REQUEST"\#(extra)}"#
    }

    @Test func a255CharacterKeyNameIsAccepted() {
        let name = String(repeating: "k", count: 255)
        let client = DynamoDBTestClient()
        client.ok("CreateTable", Self.table(
            keys: #"[{"AttributeName":"\#(name)","KeyType":"HASH"}]"#, definitions: #"[{"AttributeName":"\#(name)","AttributeType":"S"}]"#))
        client.ok("PutItem", #"{"TableName":"things","Item":{"\#(name)":{"S":"a"}}}"#)
    }

    @Test(arguments: [
        // A long hash key name, declared alike.
        (Self.table(keys: #"[{"AttributeName":"\#(long)","KeyType":"HASH"}]"#, definitions: #"[{"AttributeName":"\#(long)","AttributeType":"S"}]"#),
         ["keySchema.1.member.attributeName", "attributeDefinitions.1.member.attributeName"]),
        // Names that disagree: the length is still what DynamoDB reports.
        (Self.table(keys: #"[{"AttributeName":"x","KeyType":"HASH"},{"AttributeName":"\#(long)","KeyType":"RANGE"}]"#,
                    definitions: #"[{"AttributeName":"short","AttributeType":"S"},{"AttributeName":"x","AttributeType":"S"}]"#),
         ["keySchema.2.member.attributeName"]),
        // A GSI's key and an LSI's projected attribute.
        (Self.table(keys: #"[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"}]"#,
                    definitions: #"[{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"b","AttributeType":"S"},{"AttributeName":"c","AttributeType":"S"}]"#,
                    extra: #","GlobalSecondaryIndexes":[{"IndexName":"gsi","KeySchema":[{"AttributeName":"\#(long)","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}],"LocalSecondaryIndexes":[{"IndexName":"lsi","KeySchema":[{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"c","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["\#(long)"]}}]"#),
         ["globalSecondaryIndexes.1.member.keySchema.1.member.attributeName", "localSecondaryIndexes.1.member.projection.nonKeyAttributes.1.member"]),
    ])
    func aKeyNameOver255CharactersIsAConstraintViolation(_ body: String, _ members: [String]) {
        let answer = DynamoDBTestClient().error("CreateTable", body)
        #expect(answer.type == "ValidationException")
        #expect(answer.message.hasPrefix("\(members.count) validation error"))
        for member in members {
            #expect(answer.message.contains("Value '\(Self.long)' at '\(member)' failed to satisfy constraint: Member must have length less than or equal to 255"))
        }
    }

    @Test func updateTableChecksANewIndexsNames() {
        let client = DynamoDBTestClient()
        client.createTable("things")
        let answer = client.error("UpdateTable", #"{"TableName":"things","AttributeDefinitions":[{"AttributeName":"short","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"gsi","KeySchema":[{"AttributeName":"\#(Self.long)","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]}"#)
        #expect(answer.message == "1 validation error detected: Value '\(Self.long)' at 'globalSecondaryIndexUpdates.1.member.create.keySchema.1.member.attributeName' failed to satisfy constraint: Member must have length less than or equal to 255")
    }

    @Test func provisionedThroughputNeedsBothUnits() {
        let keys = #"[{"AttributeName":"id","KeyType":"HASH"}]"#, definitions = #"[{"AttributeName":"id","AttributeType":"S"}]"#
        let answer = DynamoDBTestClient().error(
            "CreateTable", #"{"TableName":"things","KeySchema":\#(keys),"AttributeDefinitions":\#(definitions),"BillingMode":"PROVISIONED","ProvisionedThroughput":{"WriteCapacityUnits":1}}"#)
        #expect(answer.message == "1 validation error detected: Value null at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must not be null")
    }
}
