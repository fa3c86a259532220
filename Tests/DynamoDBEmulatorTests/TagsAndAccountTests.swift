import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// TagResource, UntagResource, ListTagsOfResource (API Reference; Developer Guide, "Tagging
/// resources"), DescribeEndpoints, DescribeLimits and the continuous-backup settings.
@Suite("DynamoDB tags, endpoints, limits and continuous backups")
struct TagsAndAccountTests {
    static let arn = "arn:aws:dynamodb:us-east-1:123456789012:table/tagged"

    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("tagged")
        return client
    }

    func tags(_ client: DynamoDBTestClient) -> JSONValue? {
        client.ok("ListTagsOfResource", #"{"ResourceArn":"\#(Self.arn)"}"#)["Tags"]
    }

    @Test func tagUntagAndList() {
        let client = Self.client()
        #expect(tags(client) == [])
        client.ok("TagResource", #"{"ResourceArn":"\#(Self.arn)","Tags":[{"Key":"env","Value":"test"},{"Key":"team","Value":"ops"}]}"#)
        client.ok("TagResource", #"{"ResourceArn":"\#(Self.arn)","Tags":[{"Key":"env","Value":"prod"},{"Key":"empty","Value":""}]}"#)
        #expect(tags(client) == [["Key": "env", "Value": "prod"], ["Key": "team", "Value": "ops"], ["Key": "empty", "Value": ""]])
        client.ok("UntagResource", #"{"ResourceArn":"\#(Self.arn)","TagKeys":["team","not-there"]}"#)
        #expect(tags(client) == [["Key": "env", "Value": "prod"], ["Key": "empty", "Value": ""]])
    }

    @Test func createTableTagsAreListed() {
        let client = DynamoDBTestClient()
        client.ok("CreateTable", #"{"TableName":"tagged","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST","Tags":[{"Key":"owner","Value":"me"}]}"#)
        #expect(tags(client) == [["Key": "owner", "Value": "me"]])
    }

    @Test(arguments: [
        ("TagResource", #"{"Tags":[{"Key":"a","Value":"b"}]}"#, "ValidationException", "Invalid TableArn"),
        ("TagResource", #"{"ResourceArn":"a:b:c:d:e:f/g","Tags":[{"Key":"a","Value":"b"}]}"#, "ValidationException",
         "Invalid TableArn: Invalid ResourceArn provided as input a:b:c:d:e:f/g"),
        ("TagResource", #"{"ResourceArn":"arn:aws:dynamodb:us-east-1:123456789012:table/ab","Tags":[{"Key":"a","Value":"b"}]}"#, "ValidationException",
         "Invalid TableArn: Invalid ResourceArn provided as input arn:aws:dynamodb:us-east-1:123456789012:table/ab"),
        ("TagResource", #"{"ResourceArn":"abcd","Tags":[{"Key":"a","Value":"b"}]}"#, "ValidationException",
         "One or more parameter values were invalid: ARNs must start with 'arn:': abcd"),
        ("TagResource", #"{"ResourceArn":"arn:abcd","Tags":[{"Key":"a","Value":"b"}]}"#, "AccessDeniedException",
         "User: arn:aws:iam::123456789012:root is not authorized to perform: dynamodb:TagResource on resource: arn:abcd"),
        ("TagResource", #"{"ResourceArn":"arn:aws:dynamodb:us-east-1:123456789012:table/tagged"}"#, "ValidationException",
         "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null"),
        ("TagResource", #"{"ResourceArn":"arn:aws:dynamodb:us-east-1:123456789012:table/tagged","Tags":[]}"#, "ValidationException",
         "Atleast one Tag needs to be provided as Input."),
        ("TagResource", #"{"ResourceArn":"arn:aws:dynamodb:us-east-1:123456789012:table/tagged","Tags":[{"Key":"","Value":"b"}]}"#, "ValidationException",
         "1 validation error detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        ("TagResource", #"{"ResourceArn":"arn:aws:dynamodb:us-east-1:123456789012:table/nothere","Tags":[{"Key":"a","Value":"b"}]}"#, "ResourceNotFoundException",
         "Requested resource not found: ResourcArn: arn:aws:dynamodb:us-east-1:123456789012:table/nothere not found"),
        ("TagResource", #"{"ResourceArn":"arn:aws:dynamodb:us-west-2:123456789012:table/tagged","Tags":[{"Key":"a","Value":"b"}]}"#, "ResourceNotFoundException",
         "Requested resource not found: ResourcArn: arn:aws:dynamodb:us-west-2:123456789012:table/tagged not found"),
        ("UntagResource", #"{"ResourceArn":"arn:aws:dynamodb:us-east-1:123456789012:table/tagged","TagKeys":[]}"#, "ValidationException",
         "Atleast one Tag Key needs to be provided as Input."),
        ("ListTagsOfResource", #"{"ResourceArn":"arn:aws:dynamodb:us-east-1:123456789012:table/nothere"}"#, "ResourceNotFoundException",
         "Requested resource not found: ResourcArn: arn:aws:dynamodb:us-east-1:123456789012:table/nothere not found"),
        ("DescribeContinuousBackups", #"{"TableName":"nothere"}"#, "TableNotFoundException", "Table not found: nothere"),
        ("UpdateContinuousBackups", #"{"TableName":"tagged"}"#, "ValidationException",
         "1 validation error detected: Value null at 'pointInTimeRecoverySpecification' failed to satisfy constraint: Member must not be null"),
        ("UpdateContinuousBackups", #"{"TableName":"tagged","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true,"RecoveryPeriodInDays":36}}"#, "ValidationException",
         "1 validation error detected: Value '36' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 35"),
        ("UpdateContinuousBackups", #"{"TableName":"tagged","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":false,"RecoveryPeriodInDays":7}}"#, "ValidationException",
         "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery."),
    ])
    func errors(_ action: String, _ body: String, _ type: String, _ message: String) {
        let error = Self.client().error(action, body)
        #expect(error.type == type)
        #expect(error.message == message)
        #expect(error.status == 400)
    }

    @Test func fiftyTagsAtMost() {
        let client = Self.client()
        let fifty = (1...50).map { #"{"Key":"k\#($0)","Value":"v"}"# }.joined(separator: ",")
        client.ok("TagResource", #"{"ResourceArn":"\#(Self.arn)","Tags":[\#(fifty)]}"#)
        client.ok("TagResource", #"{"ResourceArn":"\#(Self.arn)","Tags":[{"Key":"k1","Value":"replaced"}]}"#)
        let error = client.error("TagResource", #"{"ResourceArn":"\#(Self.arn)","Tags":[{"Key":"k51","Value":"v"}]}"#)
        #expect(error.type == "ValidationException")
        #expect(error.message == "Number of Tags exceed the current limit for the provided ResourceArn")
        #expect(tags(client)?.arrayValue?.count == 50)
    }

    /// Tag keys and values hold only letters, numbers, whitespace and `_ . : / = + - @`; TagResource and
    /// UntagResource answer with an empty body.
    @Test func tagCharactersAndEmptyAnswers() {
        let client = Self.client()
        for (key, value, message) in [
            ("hi!", "dog", "The Tag Key provided is invalid, Key: hi!"), ("dog", "d%g", "The Tag Value provided is invalid, Value: d%g"),
            ("ok", "<a>", "The Tag Value provided is invalid, Value: <a>"), ("->>;", "ok", "The Tag Key provided is invalid, Key: ->>;"),
            ("aws:team", "ok", "Tag Key cannot be prefixed with aws:, Key: aws:team"),
        ] {
            let answer = client.error("TagResource", #"{"ResourceArn":"\#(Self.arn)","Tags":[{"Key":"\#(key)","Value":"\#(value)"}]}"#)
            #expect(answer.type == "ValidationException")
            #expect(answer.message == message)
        }
        let tagged = client.send("TagResource", #"{"ResourceArn":"\#(Self.arn)","Tags":[{"Key":"законные буквы","Value":"a b:c/d=e+f-g@h_i.j"}]}"#)
        #expect(tagged.status == 200)
        #expect(tagged.body.isEmpty)
        let untagged = client.send("UntagResource", #"{"ResourceArn":"\#(Self.arn)","TagKeys":["законные буквы"]}"#)
        #expect(untagged.status == 200)
        #expect(untagged.body.isEmpty)
    }

    @Test func endpointsAndLimits() {
        let client = DynamoDBTestClient(region: "eu-west-1")
        #expect(client.ok("DescribeEndpoints", "{}") == ["Endpoints": [["Address": "dynamodb.eu-west-1.amazonaws.com", "CachePeriodInMinutes": 1440]]])
        // The endpoint the request was sent to: this server's address when called directly.
        var direct = client.request("DescribeEndpoints", "{}")
        direct.headers.set("Host", "127.0.0.1:8580")
        let answer = try? JSONValue.parse(client.emulator.handle(direct).body)
        #expect(answer?["Endpoints"]?.arrayValue?.first?["Address"] == "127.0.0.1:8580")
        let limits = client.ok("DescribeLimits", "{}")
        #expect(limits["AccountMaxReadCapacityUnits"] == 80000)
        #expect(limits["TableMaxWriteCapacityUnits"] == 40000)
    }

    @Test func pointInTimeRecoveryState() {
        let client = Self.client()
        let initial = client.ok("DescribeContinuousBackups", #"{"TableName":"tagged"}"#)["ContinuousBackupsDescription"]
        #expect(initial?["ContinuousBackupsStatus"] == "ENABLED")
        #expect(initial?["PointInTimeRecoveryDescription"] == ["PointInTimeRecoveryStatus": "DISABLED"])
        let enabled = client.ok("UpdateContinuousBackups", #"{"TableName":"tagged","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true,"RecoveryPeriodInDays":7}}"#)
        #expect(enabled["ContinuousBackupsDescription"]?["PointInTimeRecoveryDescription"]?["PointInTimeRecoveryStatus"] == "ENABLED")
        let described = client.ok("DescribeContinuousBackups", #"{"TableName":"tagged"}"#)
        #expect(described["ContinuousBackupsDescription"]?["PointInTimeRecoveryDescription"]?["RecoveryPeriodInDays"] == 7)
        client.ok("UpdateContinuousBackups", #"{"TableName":"tagged","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":false}}"#)
        let disabled = client.ok("DescribeContinuousBackups", #"{"TableName":"tagged"}"#)
        #expect(disabled["ContinuousBackupsDescription"]?["PointInTimeRecoveryDescription"] == ["PointInTimeRecoveryStatus": "DISABLED"])
    }
}
