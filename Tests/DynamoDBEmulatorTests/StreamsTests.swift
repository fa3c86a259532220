import DrydockCore
import DrydockHTTP
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// DynamoDB Streams: StreamSpecification on the table operations and the DynamoDBStreams_20120810 API.
@Suite("DynamoDB Streams")
struct StreamsTests {
    /// A table client plus a Streams client on one emulator with a clock the test moves.
    struct Fixture {
        let clock = ManualClock()
        let emulator: DynamoDBEmulator
        let client: DynamoDBTestClient

        init() {
            emulator = DynamoDBEmulator(clock: clock)
            client = DynamoDBTestClient(emulator: emulator)
        }

        func streamsRequest(_ action: String, _ body: String) -> HTTPRequest {
            let headers: HTTPHeaders = [
                "X-Amz-Target": "DynamoDBStreams_20120810.\(action)", "Content-Type": "application/x-amz-json-1.0",
            ]
            return HTTPRequest(method: "POST", target: "/", headers: headers, body: Array(body.utf8))
        }

        @discardableResult
        func streams(_ action: String, _ body: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
            let response = emulator.handle(streamsRequest(action, body))
            #expect(response.status == 200, "\(action) answered \(response.status): \(response.bodyText)", sourceLocation: sourceLocation)
            return (try? JSONValue.parse(response.body)) ?? .null
        }

        func streamsError(_ action: String, _ body: String) -> (type: String, message: String, status: Int) {
            let response = emulator.handle(streamsRequest(action, body))
            let json = (try? JSONValue.parse(response.body)) ?? .null
            let type = json["__type"]?.stringValue ?? "<none>"
            return (String(type.split(separator: "#").last ?? ""), json["message"]?.stringValue ?? "<none>", response.status)
        }

        /// Creates `name` (hash key `pk`, string) with a stream of `viewType`; returns the stream ARN.
        @discardableResult
        func createStreamTable(_ name: String, viewType: String = "NEW_AND_OLD_IMAGES") -> String {
            let created = client.ok("CreateTable", #"{"TableName":"\#(name)","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST","StreamSpecification":{"StreamEnabled":true,"StreamViewType":"\#(viewType)"}}"#)
            return created["TableDescription"]?["LatestStreamArn"]?.stringValue ?? "<none>"
        }

        func shardID(_ arn: String) -> String {
            streams("DescribeStream", #"{"StreamArn":"\#(arn)"}"#)["StreamDescription"]?["Shards"]?.arrayValue?.first?["ShardId"]?.stringValue ?? "<none>"
        }

        func iterator(_ arn: String, _ type: String = "TRIM_HORIZON", sequence: String? = nil) -> String {
            let sequenceMember = sequence.map { #","SequenceNumber":"\#($0)""# } ?? ""
            let answer = streams("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"\#(shardID(arn))","ShardIteratorType":"\#(type)"\#(sequenceMember)}"#)
            return answer["ShardIterator"]?.stringValue ?? "<none>"
        }

        /// All records from TRIM_HORIZON.
        func records(_ arn: String) -> [JSONValue] {
            let answer = streams("GetRecords", #"{"ShardIterator":"\#(iterator(arn))"}"#)
            guard case .array(let records)? = answer["Records"] else { return [] }
            return records
        }
    }

    static let tableBody = #""AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST""#

    // MARK: StreamSpecification

    @Test func createTableWithStreamDescribesIt() {
        let f = Fixture()
        let arn = f.createStreamTable("orders", viewType: "NEW_IMAGE")
        let table = f.client.ok("DescribeTable", #"{"TableName":"orders"}"#)["Table"]
        #expect(table?["StreamSpecification"] == ["StreamEnabled": true, "StreamViewType": "NEW_IMAGE"])
        let label = TableStream.label(for: f.clock.now())
        #expect(table?["LatestStreamLabel"]?.stringValue == label)
        #expect(arn == "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/\(label)")
        #expect(table?["LatestStreamArn"]?.stringValue == arn)
        // A table without a stream says nothing about streams.
        f.client.createTable("plain")
        #expect(f.client.ok("DescribeTable", #"{"TableName":"plain"}"#)["Table"]?["LatestStreamArn"] == nil)
    }

    @Test(arguments: [
        (#"{"StreamEnabled":true}"#, "One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required"),
        (#"{"StreamEnabled":false,"StreamViewType":"NEW_IMAGE"}"#, "One or more parameter values were invalid: Table is being created with a stream disabled, UpdateViewType should not be specified"),
        (#"{"StreamViewType":"NEW_IMAGE"}"#, "1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null"),
        (#"{"StreamEnabled":true,"StreamViewType":"new_image"}"#, "1 validation error detected: Value 'new_image' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]"),
    ])
    func createTableRejectsBadSpecifications(specification: String, message: String) {
        let f = Fixture()
        let error = f.client.error("CreateTable", #"{"TableName":"tbl",\#(Self.tableBody),"StreamSpecification":\#(specification)}"#)
        #expect(error.type == "ValidationException")
        #expect(error.message == message)
        #expect(f.client.error("DescribeTable", #"{"TableName":"tbl"}"#).type == "ResourceNotFoundException")
    }

    @Test func createTableWithDisabledStreamHasNone() {
        let f = Fixture()
        let created = f.client.ok("CreateTable", #"{"TableName":"tbl",\#(Self.tableBody),"StreamSpecification":{"StreamEnabled":false}}"#)
        #expect(created["TableDescription"]?["StreamSpecification"] == nil)
        #expect(f.streams("ListStreams", "{}")["Streams"] == [])
    }

    @Test func updateTableEnablesAndDisablesWithAWSTexts() {
        let f = Fixture()
        f.client.createTable("tbl")
        #expect(f.client.error("UpdateTable", #"{"TableName":"tbl","StreamSpecification":{"StreamEnabled":false}}"#).message
            == "Table has no stream to disable: TableName: tbl")
        #expect(f.client.error("UpdateTable", #"{"TableName":"tbl","StreamSpecification":{"StreamEnabled":true}}"#).message
            == "One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required")
        let enabled = f.client.ok("UpdateTable", #"{"TableName":"tbl","StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"}}"#)
        #expect(enabled["TableDescription"]?["StreamSpecification"] == ["StreamEnabled": true, "StreamViewType": "KEYS_ONLY"])
        let arn = enabled["TableDescription"]?["LatestStreamArn"]?.stringValue
        #expect(f.client.error("UpdateTable", #"{"TableName":"tbl","StreamSpecification":{"StreamEnabled":true,"StreamViewType":"OLD_IMAGE"}}"#).message
            == "Table already has an enabled stream: TableName: tbl")
        #expect(f.client.error("UpdateTable", #"{"TableName":"tbl","StreamSpecification":{"StreamEnabled":false,"StreamViewType":"KEYS_ONLY"}}"#).message
            == "One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified")
        let disabled = f.client.ok("UpdateTable", #"{"TableName":"tbl","StreamSpecification":{"StreamEnabled":false}}"#)["TableDescription"]
        #expect(disabled?["StreamSpecification"] == nil)
        #expect(disabled?["LatestStreamArn"]?.stringValue == arn)
        // Re-enabling at the same instant gives a new stream with its own label; both are listed.
        let again = f.client.ok("UpdateTable", #"{"TableName":"tbl","StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"}}"#)
        let newArn = again["TableDescription"]?["LatestStreamArn"]?.stringValue
        #expect(newArn != arn)
        guard case .array(let listed)? = f.streams("ListStreams", #"{"TableName":"tbl"}"#)["Streams"] else { Issue.record("no Streams"); return }
        #expect(listed.count == 2)
        #expect(f.streams("DescribeStream", #"{"StreamArn":"\#(arn ?? "")"}"#)["StreamDescription"]?["StreamStatus"] == "DISABLED")
    }

    @Test func updateTableCannotChangeStreamAndIndexesTogether() {
        let f = Fixture()
        f.client.createTable("tbl")
        let body = #"{"TableName":"tbl","AttributeDefinitions":[{"AttributeName":"g","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}],"StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"}}"#
        #expect(f.client.error("UpdateTable", body).message == "One or more parameter values were invalid: You cannot create or delete index while changing stream status")
    }

    // MARK: Records

    @Test func everyWriteKindRecordsOnceAndNoOpWritesDoNot() {
        let f = Fixture()
        let arn = f.createStreamTable("tbl")
        f.client.ok("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"},"n":{"N":"1"}}}"#)
        f.client.ok("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"},"n":{"N":"1"}}}"#)  // unchanged: no record
        f.client.ok("UpdateItem", #"{"TableName":"tbl","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET n = :two","ExpressionAttributeValues":{":two":{"N":"2"}}}"#)
        f.client.ok("UpdateItem", #"{"TableName":"tbl","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET n = :two","ExpressionAttributeValues":{":two":{"N":"2"}}}"#)  // unchanged
        f.client.ok("DeleteItem", #"{"TableName":"tbl","Key":{"pk":{"S":"a"}}}"#)
        f.client.ok("DeleteItem", #"{"TableName":"tbl","Key":{"pk":{"S":"a"}}}"#)  // missing: no record
        f.client.ok("BatchWriteItem", #"{"RequestItems":{"tbl":[{"PutRequest":{"Item":{"pk":{"S":"b"}}}},{"PutRequest":{"Item":{"pk":{"S":"c"}}}}]}}"#)
        f.client.ok("TransactWriteItems", #"{"TransactItems":[{"Put":{"TableName":"tbl","Item":{"pk":{"S":"d"}}}},{"Delete":{"TableName":"tbl","Key":{"pk":{"S":"b"}}}}]}"#)
        // A failed conditional write and a cancelled transaction record nothing.
        _ = f.client.error("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"c"},"x":{"S":"y"}},"ConditionExpression":"attribute_not_exists(pk)"}"#)
        _ = f.client.error("TransactWriteItems", #"{"TransactItems":[{"Put":{"TableName":"tbl","Item":{"pk":{"S":"e"}}}},{"ConditionCheck":{"TableName":"tbl","Key":{"pk":{"S":"zz"}},"ConditionExpression":"attribute_exists(pk)"}}]}"#)
        let records = f.records(arn)
        #expect(records.map { $0["eventName"]?.stringValue ?? "" } == ["INSERT", "MODIFY", "REMOVE", "INSERT", "INSERT", "INSERT", "REMOVE"])
        #expect(records.map { $0["dynamodb"]?["Keys"]?["pk"]?["S"]?.stringValue ?? "" } == ["a", "a", "a", "b", "c", "d", "b"])
        let sequences = records.compactMap { $0["dynamodb"]?["SequenceNumber"]?.stringValue }
        #expect(sequences == sequences.sorted() && Set(sequences).count == 7 && sequences.allSatisfy { $0.allSatisfy(\.isNumber) })
        let first = records.first
        #expect(first?["eventSource"] == "aws:dynamodb")
        #expect(first?["eventVersion"] == "1.1")
        #expect(first?["awsRegion"] == "us-east-1")
        #expect(first?["eventID"]?.stringValue?.count == 32)
        #expect(first?["dynamodb"]?["ApproximateCreationDateTime"] == .number(String(Int(f.clock.now().timeIntervalSince1970))))
        #expect(first?["dynamodb"]?["StreamViewType"] == "NEW_AND_OLD_IMAGES")
        #expect(first?["dynamodb"]?["SizeBytes"] == .number(Item.size(["pk": .s("a")]) + Item.size(["pk": .s("a"), "n": .n(DynamoNumber(1))])))
    }

    @Test(arguments: [
        ("KEYS_ONLY", false, false), ("NEW_IMAGE", true, false), ("OLD_IMAGE", false, true), ("NEW_AND_OLD_IMAGES", true, true),
    ])
    func viewTypesCarryTheirImages(viewType: String, new: Bool, old: Bool) {
        let f = Fixture()
        let arn = f.createStreamTable("tbl", viewType: viewType)
        f.client.ok("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"},"v":{"S":"1"}}}"#)
        f.client.ok("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"},"v":{"S":"2"}}}"#)
        f.client.ok("DeleteItem", #"{"TableName":"tbl","Key":{"pk":{"S":"a"}}}"#)
        let changes = f.records(arn).map { $0["dynamodb"] }
        #expect(changes.count == 3)
        guard changes.count == 3 else { return }
        #expect(changes[0]?["NewImage"] == (new ? ["pk": ["S": "a"], "v": ["S": "1"]] : nil))
        #expect(changes[0]?["OldImage"] == nil)
        #expect(changes[1]?["NewImage"] == (new ? ["pk": ["S": "a"], "v": ["S": "2"]] : nil))
        #expect(changes[1]?["OldImage"] == (old ? ["pk": ["S": "a"], "v": ["S": "1"]] : nil))
        #expect(changes[2]?["NewImage"] == nil)
        #expect(changes[2]?["OldImage"] == (old ? ["pk": ["S": "a"], "v": ["S": "2"]] : nil))
        #expect(changes.allSatisfy { $0?["StreamViewType"]?.stringValue == viewType })
    }

    @Test func iteratorTypesAndPaging() {
        let f = Fixture()
        let arn = f.createStreamTable("tbl", viewType: "KEYS_ONLY")
        let latest = f.iterator(arn, "LATEST")
        for key in ["a", "b", "c"] { f.client.ok("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"\#(key)"}}}"#) }
        let sequences = f.records(arn).compactMap { $0["dynamodb"]?["SequenceNumber"]?.stringValue }
        #expect(sequences.count == 3)
        // LATEST taken before the writes sees all of them; one taken now sees none.
        #expect(f.streams("GetRecords", #"{"ShardIterator":"\#(latest)"}"#)["Records"]?.arrayValue?.count == 3)
        let page = f.streams("GetRecords", #"{"ShardIterator":"\#(f.iterator(arn, "LATEST"))"}"#)
        #expect(page["Records"] == [])
        #expect(page["NextShardIterator"] != nil)
        let at = f.streams("GetRecords", #"{"ShardIterator":"\#(f.iterator(arn, "AT_SEQUENCE_NUMBER", sequence: sequences[1]))","Limit":1}"#)
        #expect(at["Records"]?.arrayValue?.first?["dynamodb"]?["Keys"] == ["pk": ["S": "b"]])
        let rest = f.streams("GetRecords", #"{"ShardIterator":"\#(at["NextShardIterator"]?.stringValue ?? "")"}"#)
        #expect(rest["Records"]?.arrayValue?.count == 1)
        let after = f.streams("GetRecords", #"{"ShardIterator":"\#(f.iterator(arn, "AFTER_SEQUENCE_NUMBER", sequence: sequences[1]))"}"#)
        #expect(after["Records"]?.arrayValue?.first?["dynamodb"]?["Keys"] == ["pk": ["S": "c"]])
    }

    // MARK: Time

    @Test func iteratorsExpireAfterFifteenMinutes() {
        let f = Fixture()
        let arn = f.createStreamTable("tbl")
        let iterator = f.iterator(arn)
        f.clock.advance(seconds: 15 * 60)
        f.streams("GetRecords", #"{"ShardIterator":"\#(iterator)"}"#)
        f.clock.advance(seconds: 1)
        let error = f.streamsError("GetRecords", #"{"ShardIterator":"\#(iterator)"}"#)
        #expect(error.type == "ExpiredIteratorException")
        #expect(error.message == "Shard iterator has expired")
        #expect(error.status == 400)
    }

    @Test func recordsAreTrimmedAfterTwentyFourHours() {
        let f = Fixture()
        let arn = f.createStreamTable("tbl")
        f.client.ok("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"old"}}}"#)
        let oldSequence = f.records(arn).first?["dynamodb"]?["SequenceNumber"]?.stringValue ?? ""
        f.clock.advance(seconds: 23 * 3600 + 50 * 60)
        let horizon = f.iterator(arn)  // points at the "old" record
        f.client.ok("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"new"}}}"#)
        f.clock.advance(seconds: 11 * 60)  // the old record is now 24 h 1 min old; the iterator 11 min
        #expect(f.records(arn).map { $0["dynamodb"]?["Keys"]?["pk"]?["S"]?.stringValue } == ["new"])
        #expect(f.streamsError("GetRecords", #"{"ShardIterator":"\#(horizon)"}"#).type == "TrimmedDataAccessException")
        let trimmed = f.streamsError("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"\#(f.shardID(arn))","ShardIteratorType":"AT_SEQUENCE_NUMBER","SequenceNumber":"\#(oldSequence)"}"#)
        #expect(trimmed.type == "TrimmedDataAccessException")
        #expect(trimmed.message == "The data you are trying to access has been trimmed")
    }

    @Test func disabledAndDeletedStreamsStayReadableForADay() {
        let f = Fixture()
        let arn = f.createStreamTable("tbl")
        f.client.ok("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"}}}"#)
        let open = f.streams("DescribeStream", #"{"StreamArn":"\#(arn)"}"#)["StreamDescription"]
        #expect(open?["StreamStatus"] == "ENABLED")
        #expect(open?["Shards"]?.arrayValue?.first?["SequenceNumberRange"]?["EndingSequenceNumber"] == nil)
        f.client.ok("DeleteTable", #"{"TableName":"tbl"}"#)
        let closed = f.streams("DescribeStream", #"{"StreamArn":"\#(arn)"}"#)["StreamDescription"]
        #expect(closed?["StreamStatus"] == "DISABLED")
        #expect(closed?["TableName"] == "tbl")
        #expect(closed?["KeySchema"] == [["AttributeName": "pk", "KeyType": "HASH"]])
        let range = closed?["Shards"]?.arrayValue?.first?["SequenceNumberRange"]
        #expect(range?["EndingSequenceNumber"] != nil && range?["EndingSequenceNumber"] == range?["StartingSequenceNumber"])
        // The record is still there, and reading to the closed shard's end gives no next iterator.
        let read = f.streams("GetRecords", #"{"ShardIterator":"\#(f.iterator(arn))"}"#)
        #expect(read["Records"]?.arrayValue?.count == 1)
        #expect(read["NextShardIterator"] == nil)
        #expect(f.streams("ListStreams", "{}")["Streams"]?.arrayValue?.count == 1)
        f.clock.advance(seconds: 24 * 3600)
        #expect(f.streams("ListStreams", "{}")["Streams"] == [])
        let gone = f.streamsError("DescribeStream", #"{"StreamArn":"\#(arn)"}"#)
        #expect(gone.type == "ResourceNotFoundException")
        #expect(gone.message == "Requested resource not found: Stream: \(arn) not found")
    }

    // MARK: API validation

    @Test func listStreamsFiltersAndPages() {
        let f = Fixture()
        let a = f.createStreamTable("aaa"), b = f.createStreamTable("bbb"), c = f.createStreamTable("ccc")
        let first = f.streams("ListStreams", #"{"Limit":2}"#)
        #expect(first["Streams"]?.arrayValue?.compactMap { $0["StreamArn"]?.stringValue } == [a, b])
        #expect(first["LastEvaluatedStreamArn"]?.stringValue == b)
        let second = f.streams("ListStreams", #"{"Limit":2,"ExclusiveStartStreamArn":"\#(b)"}"#)
        #expect(second["Streams"]?.arrayValue?.compactMap { $0["StreamArn"]?.stringValue } == [c])
        #expect(second["LastEvaluatedStreamArn"] == nil)
        #expect(f.streams("ListStreams", #"{"TableName":"bbb"}"#)["Streams"] == [["StreamArn": .string(b), "TableName": "bbb", "StreamLabel": .string(String(b.split(separator: "/").last ?? ""))]])
        #expect(f.streamsError("ListStreams", #"{"Limit":0}"#).message == "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
        #expect(f.streamsError("ListStreams", #"{"Limit":101}"#).type == "ValidationException")
        #expect(f.streamsError("ListStreams", #"{"ExclusiveStartStreamArn":"kossaapaaasdafsdaasdasdasdasasdasfadfadfasdasdas"}"#) == ("ValidationException", "Invalid StreamArn", 400))
    }

    @Test func describeStreamErrorsAndShardPaging() {
        let f = Fixture()
        let arn = f.createStreamTable("tbl")
        #expect(f.streamsError("DescribeStream", #"{"StreamArn":"sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"}"#) == ("ValidationException", "Invalid StreamArn", 400))
        let missing = arn.replacingOccurrences(of: "table/tbl/", with: "table/tbu/")
        #expect(f.streamsError("DescribeStream", #"{"StreamArn":"\#(missing)"}"#) == ("ResourceNotFoundException", "Requested resource not found: Stream: \(missing) not found", 400))
        #expect(f.streamsError("DescribeStream", "{}").message == "1 validation error detected: Value null at 'streamArn' failed to satisfy constraint: Member must not be null")
        let past = f.streams("DescribeStream", #"{"StreamArn":"\#(arn)","ExclusiveStartShardId":"zzzzzzzzzzzzzzzzzzzzzzzzsfasdgagadfadfgagkjsdfsfsdjfjks"}"#)
        #expect(past["StreamDescription"]?["Shards"] == [])
        let shard = f.shardID(arn)
        #expect(shard.hasPrefix("shardId-") && shard.count <= 65)
        // Streams of another region are not found.
        let west = DynamoDBTestClient(emulator: f.emulator, region: "us-west-2")
        var request = f.streamsRequest("DescribeStream", #"{"StreamArn":"\#(arn)"}"#)
        request.headers.add("Authorization", west.request("ListTables", "{}").headers["Authorization"] ?? "")
        #expect(f.emulator.handle(request).status == 400)
    }

    /// The Streams API Reference's length constraints (StreamArn 37–1024, shard ids 28–65), checked
    /// with the other member constraints before the ARN's shape is read.
    @Test func memberLengthsAreCheckedAsTheModelConstrainsThem() {
        let f = Fixture()
        let arn = f.createStreamTable("tbl")
        let shard = f.shardID(arn)
        let short = "arn:aws:dynamodb:::table/t/stream/x"
        #expect(f.streamsError("DescribeStream", #"{"StreamArn":"\#(short)"}"#).message
            == "1 validation error detected: Value '\(short)' at 'streamArn' failed to satisfy constraint: Member must have length greater than or equal to 37")
        #expect(f.streamsError("DescribeStream", #"{"StreamArn":"\#(arn)","ExclusiveStartShardId":"shardId-1"}"#).message
            == "1 validation error detected: Value 'shardId-1' at 'exclusiveStartShardId' failed to satisfy constraint: Member must have length greater than or equal to 28")
        let long = String(repeating: "z", count: 66)
        #expect(f.streamsError("DescribeStream", #"{"StreamArn":"\#(arn)","ExclusiveStartShardId":"\#(long)"}"#).message
            == "1 validation error detected: Value '\(long)' at 'exclusiveStartShardId' failed to satisfy constraint: Member must have length less than or equal to 65")
        #expect(f.streamsError("ListStreams", #"{"ExclusiveStartStreamArn":"x"}"#).message
            == "1 validation error detected: Value 'x' at 'exclusiveStartStreamArn' failed to satisfy constraint: Member must have length greater than or equal to 37")
        #expect(f.streamsError("GetShardIterator", #"{"StreamArn":"x","ShardId":"\#(shard)","ShardIteratorType":"LATEST"}"#).message
            == "1 validation error detected: Value 'x' at 'streamArn' failed to satisfy constraint: Member must have length greater than or equal to 37")
        // Lengths count UTF-16 units, as Java's String does: 21 full-width digits are 21 long, not 63.
        let wide = String(repeating: "１", count: 21)
        #expect(f.streamsError("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"\#(shard)","ShardIteratorType":"AT_SEQUENCE_NUMBER","SequenceNumber":"\#(wide)"}"#).message
            == "Invalid SequenceNumber: \(wide) for shard: \(shard)")
    }

    /// DescribeStream's `ShardFilter` (CHILD_SHARDS of a parent): the one shard never splits, so it has
    /// no children — a reader asking for them must not get the parent back as its own child.
    @Test func shardFilterListsChildShards() {
        let f = Fixture()
        let arn = f.createStreamTable("tbl")
        let shard = f.shardID(arn)
        let children = f.streams("DescribeStream", #"{"StreamArn":"\#(arn)","ShardFilter":{"Type":"CHILD_SHARDS","ShardId":"\#(shard)"}}"#)
        #expect(children["StreamDescription"]?["Shards"] == [])
        #expect(children["StreamDescription"]?["StreamStatus"] == "ENABLED")
        #expect(f.streamsError("DescribeStream", #"{"StreamArn":"\#(arn)","ShardFilter":{"Type":"PARENT_SHARDS","ShardId":"\#(shard)"}}"#).message
            == "1 validation error detected: Value 'PARENT_SHARDS' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: [CHILD_SHARDS]")
        #expect(f.streamsError("DescribeStream", #"{"StreamArn":"\#(arn)","ShardFilter":{"Type":"CHILD_SHARDS","ShardId":"s"}}"#).message
            == "1 validation error detected: Value 's' at 'shardFilter.shardId' failed to satisfy constraint: Member must have length greater than or equal to 28")
        #expect(f.streamsError("DescribeStream", #"{"StreamArn":"\#(arn)","ShardFilter":"x"}"#).type == "SerializationException")
    }

    @Test func getShardIteratorValidation() {
        let f = Fixture()
        let arn = f.createStreamTable("tbl")
        let shard = f.shardID(arn)
        let start = f.streams("DescribeStream", #"{"StreamArn":"\#(arn)"}"#)["StreamDescription"]?["Shards"]?.arrayValue?.first?["SequenceNumberRange"]?["StartingSequenceNumber"]?.stringValue ?? ""
        // An empty shard's starting sequence number is a valid position.
        for type in ["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"] {
            f.streams("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"\#(shard)","ShardIteratorType":"\#(type)","SequenceNumber":"\#(start)"}"#)
            #expect(f.streamsError("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"\#(shard)","ShardIteratorType":"\#(type)"}"#).type == "ValidationException")
        }
        for type in ["TRIM_HORIZON", "LATEST"] {
            #expect(f.streamsError("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"\#(shard)","ShardIteratorType":"\#(type)","SequenceNumber":"\#(start)"}"#).type == "ValidationException")
        }
        #expect(f.streamsError("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"\#(shard)","ShardIteratorType":"bulle"}"#).message
            == "1 validation error detected: Value 'bulle' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]")
        #expect(f.streamsError("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"semprinidfaasdasfsdvacsdcfsdsvsdvsdvsdvsdvsdv","ShardIteratorType":"LATEST"}"#).type == "ResourceNotFoundException")
        #expect(f.streamsError("GetShardIterator", #"{"StreamArn":"sdfadfsddafgdafsgjnadflkgnalngalsdfnlkasnlkasdfasdfasf","ShardId":"\#(shard)","ShardIteratorType":"LATEST"}"#).message == "Invalid StreamArn")
        #expect(f.streamsError("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"\#(shard)","ShardIteratorType":"AT_SEQUENCE_NUMBER","SequenceNumber":"100000000000000000099"}"#).type == "ValidationException")
    }

    @Test func getRecordsValidation() {
        let f = Fixture()
        let arn = f.createStreamTable("tbl")
        let iterator = f.iterator(arn)
        #expect(f.streamsError("GetRecords", #"{"ShardIterator":"sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg","Limit":1000}"#) == ("ValidationException", "Invalid ShardIterator", 400))
        #expect(f.streamsError("GetRecords", #"{"ShardIterator":"\#(iterator)","Limit":1001}"#).message == "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000")
        #expect(f.streamsError("GetRecords", "{}").message == "1 validation error detected: Value null at 'shardIterator' failed to satisfy constraint: Member must not be null")
        // An iterator naming another shard of a real stream.
        let forged = ShardIterator(streamArn: arn, shardID: "shardId-00000000000000000000-00000000", position: 1, issuedAt: f.clock.now()).text
        #expect(f.streamsError("GetRecords", #"{"ShardIterator":"\#(forged)"}"#) == ("ResourceNotFoundException", "Invalid ShardId in ShardIterator", 400))
        // A huge position or a forged time cannot trap.
        let far = "\(arn)|1|" + Data("\(f.shardID(arn))|18446744073709551615|-9223372036854775808".utf8).base64EncodedString()
        #expect(f.streamsError("GetRecords", #"{"ShardIterator":"\#(far)"}"#).type == "ExpiredIteratorException")
        let future = "\(arn)|1|" + Data("\(f.shardID(arn))|18446744073709551615|9223372036854775807".utf8).base64EncodedString()
        f.streams("GetRecords", #"{"ShardIterator":"\#(future)"}"#)
    }

    /// Hostile iterators, ARNs, sequence numbers and limits: each is a 400 in DynamoDB's shape.
    @Test(.timeLimit(.minutes(1)), arguments: [
        ("GetRecords", #"{"ShardIterator":"|||||"}"#, "ValidationException"),
        ("GetRecords", #"{"ShardIterator":"arn:aws:dynamodb:us-east-1:1:table/x/stream/y|1|%%%%"}"#, "ValidationException"),
        ("GetRecords", #"{"ShardIterator":"arn:aws:dynamodb:us-east-1:1:table/x/stream/y|1|fHx8"}"#, "ValidationException"),
        ("GetRecords", #"{"ShardIterator":"arn:aws:dynamodb:us-east-1:1:table/x/stream/y|1|YXxifGM="}"#, "ValidationException"),
        ("GetRecords", #"{"ShardIterator":"\#(String(repeating: "a", count: 2049))"}"#, "ValidationException"),
        ("GetRecords", #"{"ShardIterator":""}"#, "ValidationException"),
        ("GetRecords", #"{"ShardIterator":"x","Limit":99999999999999999999999}"#, "SerializationException"),
        ("GetRecords", #"{"ShardIterator":7}"#, "SerializationException"),
        ("ListStreams", #"{"Limit":-1}"#, "ValidationException"),
        ("ListStreams", #"{"TableName":"a"}"#, "ValidationException"),
        ("DescribeStream", #"{"StreamArn":"arn:aws:dynamodb:us-east-1:1:table//stream/"}"#, "ValidationException"),
        ("DescribeStream", #"{"StreamArn":"arn:aws:dynamodb:us-east-1:1:table/x/stream/y","Limit":0}"#, "ValidationException"),
        ("DescribeStream", #"{"StreamArn":"arn:aws:dynamodb:us-east-1:1:table/x/stream/y"}"#, "ResourceNotFoundException"),
        ("GetShardIterator", #"{"StreamArn":"arn:aws:dynamodb:us-east-1:1:table/x/stream/y","ShardId":"shardId-00000000000000000000-00000000","ShardIteratorType":"AT_SEQUENCE_NUMBER","SequenceNumber":"199999999999999999999"}"#, "ResourceNotFoundException"),
        ("GetShardIterator", #"{"StreamArn":"arn:aws:dynamodb:us-east-1:1:table/x/stream/y","ShardId":"s","ShardIteratorType":"LATEST"}"#, "ValidationException"),
        ("GetShardIterator", #"{"ShardIteratorType":"LATEST","SequenceNumber":"1"}"#, "ValidationException"),
    ])
    func hostileInputsAre400(action: String, body: String, type: String) {
        let f = Fixture()
        f.createStreamTable("tbl")
        let error = f.streamsError(action, body)
        #expect(error.status == 400)
        #expect(error.type == type, "\(error.message)")
    }

    @Test func sequenceNumbersPastTheShardAreRefused() {
        let f = Fixture()
        let arn = f.createStreamTable("tbl")
        f.client.ok("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"}}}"#)
        let shard = f.shardID(arn)
        for sequence in ["100000000000000000002", "199999999999999999999", "999999999999999999999999999999999999999"] {
            let error = f.streamsError("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"\#(shard)","ShardIteratorType":"AFTER_SEQUENCE_NUMBER","SequenceNumber":"\#(sequence)"}"#)
            #expect(error.type == "ValidationException" && error.status == 400, "\(sequence): \(error.message)")
        }
    }

    // MARK: Routing

    @Test func routing() {
        let f = Fixture()
        #expect(f.emulator.claims(f.streamsRequest("ListStreams", "{}")))
        #expect(f.emulator.operation(for: f.streamsRequest("GetRecords", "{}")) == "GetRecords")
        #expect(f.emulator.operation(for: f.streamsRequest("PutItem", "{}")) == "unknown")
        #expect(f.streamsError("PutItem", "{}").type == "UnknownOperationException")
        #expect(f.client.error("ListStreams", "{}").type == "UnknownOperationException")
        #expect(f.emulator.knownOperations.contains("DescribeStream"))
        #expect(f.emulator.endpointVariables(baseURL: "http://x").map(\.name) == ["AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_DYNAMODB_STREAMS"])
    }
}
