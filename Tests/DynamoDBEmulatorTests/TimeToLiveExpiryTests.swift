import DrydockCore
import DrydockHTTP
import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit
import Foundation
import Testing

/// Time to Live expiry on the emulator's clock: which items expire, indexes and streams, the deletion
/// delay, the data directory and the edge's journal. No sleeps: the tests move the clock.
@Suite("DynamoDB Time to Live expiry")
struct TimeToLiveExpiryTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let year: Double = 365 * 86_400

    static let tableBody = #"""
    {"TableName":"sessions","BillingMode":"PAY_PER_REQUEST",
     "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"holder","AttributeType":"S"}],
     "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
     "GlobalSecondaryIndexes":[{"IndexName":"byUser","KeySchema":[{"AttributeName":"holder","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}],
     "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}}
    """#

    /// Creates `sessions` with TTL on `expires` and items whose `expires` is `seconds` after the start
    /// (a String for "text", none for nil).
    static func prepare(_ client: DynamoDBTestClient, items: [(String, String?)]) {
        client.ok("CreateTable", tableBody)
        client.ok("UpdateTimeToLive", #"{"TableName":"sessions","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}}"#)
        for (pk, expires) in items {
            let ttl = expires.map { $0.hasPrefix("text") ? #","expires":{"S":"\#($0)"}"# : #","expires":{"N":"\#($0)"}"# } ?? ""
            client.ok("PutItem", #"{"TableName":"sessions","Item":{"pk":{"S":"\#(pk)"},"holder":{"S":"u"}\#(ttl)}}"#)
        }
    }

    static func epoch(_ offset: Double) -> String { String(Int64(start.timeIntervalSince1970 + offset)) }

    static func keys(_ client: DynamoDBTestClient) -> [String] {
        let items = client.ok("Scan", #"{"TableName":"sessions"}"#)["Items"]?.arrayValue ?? []
        return items.compactMap { $0["pk"]?["S"]?.stringValue }.sorted()
    }

    static func streamRecords(_ emulator: DynamoDBEmulator) -> [JSONValue] {
        func call(_ action: String, _ body: String) -> JSONValue {
            let request = HTTPRequest(method: "POST", target: "/", headers: ["X-Amz-Target": "DynamoDBStreams_20120810.\(action)"], body: Array(body.utf8))
            return (try? JSONValue.parse(emulator.handle(request).body)) ?? .null
        }
        let arn = call("ListStreams", "{}")["Streams"]?.arrayValue?.first?["StreamArn"]?.stringValue ?? ""
        let shard = call("DescribeStream", #"{"StreamArn":"\#(arn)"}"#)["StreamDescription"]?["Shards"]?.arrayValue?.first?["ShardId"]?.stringValue ?? ""
        let iterator = call("GetShardIterator", #"{"StreamArn":"\#(arn)","ShardId":"\#(shard)","ShardIteratorType":"TRIM_HORIZON"}"#)["ShardIterator"]?.stringValue ?? ""
        return call("GetRecords", #"{"ShardIterator":"\#(iterator)"}"#)["Records"]?.arrayValue ?? []
    }

    @Test func itemsPastTheirTimeAreDeletedWhenTheClockMovesOn() {
        let clock = ManualClock(now: Self.start)
        let emulator = DynamoDBEmulator(clock: clock)
        let client = DynamoDBTestClient(emulator: emulator)
        Self.prepare(client, items: [
            ("soon", Self.epoch(100)), ("later", Self.epoch(10_000)), ("text", "text-\(Self.epoch(0))"),
            ("none", nil), ("ancient", Self.epoch(-6 * Self.year)), ("old", Self.epoch(-4 * Self.year)),
            ("fraction", Self.epoch(150) + ".5"),
        ])
        // A second on (sweeps run at most once per clock second) only the four-year-old value is due
        // (past, and under five years old).
        clock.advance(seconds: 1)
        #expect(Self.keys(client) == ["ancient", "fraction", "later", "none", "soon", "text"])
        clock.advance(seconds: 200)
        #expect(Self.keys(client) == ["ancient", "later", "none", "text"])
        let byUser = client.ok("Query", #"{"TableName":"sessions","IndexName":"byUser","KeyConditionExpression":"holder = :u","ExpressionAttributeValues":{":u":{"S":"u"}}}"#)
        #expect(byUser["Count"] == .number(4))
        clock.advance(seconds: 10_000)
        #expect(Self.keys(client) == ["ancient", "none", "text"])
    }

    @Test func eachDeletionIsAStreamRemoveByTheService() {
        let clock = ManualClock(now: Self.start)
        let emulator = DynamoDBEmulator(clock: clock)
        let client = DynamoDBTestClient(emulator: emulator)
        Self.prepare(client, items: [("soon", Self.epoch(10))])
        client.ok("DeleteItem", #"{"TableName":"sessions","Key":{"pk":{"S":"missing"}}}"#)
        clock.advance(seconds: 60)
        let records = Self.streamRecords(emulator)
        #expect(records.map { $0["eventName"]?.stringValue ?? "" } == ["INSERT", "REMOVE"])
        #expect(records.first?["userIdentity"] == nil)
        let removal = records.last
        #expect(removal?["userIdentity"] == ["Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"])
        #expect(removal?["dynamodb"]?["Keys"] == ["pk": ["S": "soon"]])
        #expect(removal?["dynamodb"]?["OldImage"]?["expires"] == ["N": .string(Self.epoch(10))])
    }

    @Test func aDeletionDelayKeepsExpiredItemsReadable() {
        let clock = ManualClock(now: Self.start)
        let emulator = DynamoDBEmulator(clock: clock)
        emulator.setTimeToLiveDeletionDelay(seconds: 3_600)
        #expect(emulator.timeToLiveDeletionDelay == 3_600)
        let client = DynamoDBTestClient(emulator: emulator)
        Self.prepare(client, items: [("soon", Self.epoch(10))])
        clock.advance(seconds: 60)
        // Expired, not yet deleted: still returned, as DynamoDB documents.
        #expect(client.ok("GetItem", #"{"TableName":"sessions","Key":{"pk":{"S":"soon"}}}"#)["Item"] != nil)
        clock.advance(seconds: 3_600)
        #expect(client.ok("GetItem", #"{"TableName":"sessions","Key":{"pk":{"S":"soon"}}}"#)["Item"] == nil)
    }

    @Test func disabledTimeToLiveDeletesNothing() {
        let clock = ManualClock(now: Self.start)
        let client = DynamoDBTestClient(emulator: DynamoDBEmulator(clock: clock))
        Self.prepare(client, items: [("soon", Self.epoch(10))])
        client.ok("UpdateTimeToLive", #"{"TableName":"sessions","TimeToLiveSpecification":{"Enabled":false,"AttributeName":"expires"}}"#)
        clock.advance(seconds: 60)
        #expect(Self.keys(client) == ["soon"])
    }

    @Test func aSweepRunsAtMostOncePerClockSecond() {
        let clock = ManualClock(now: Self.start)
        let emulator = DynamoDBEmulator(clock: clock)
        let client = DynamoDBTestClient(emulator: emulator)
        Self.prepare(client, items: [])
        clock.advance(seconds: 5)
        #expect(emulator.sweepIfDue(now: clock.now()).isEmpty)
        #expect(emulator.nextSweepMillis.load(ordering: .relaxed) > Int64(clock.now().timeIntervalSince1970 * 1000))
        client.ok("PutItem", #"{"TableName":"sessions","Item":{"pk":{"S":"x"},"expires":{"N":"\#(Self.epoch(1))"}}}"#)
        // Not due yet within the same clock second; due once the clock moves a second on.
        #expect(emulator.sweepIfDue(now: clock.now()).isEmpty)
        clock.advance(seconds: 1)
        #expect(emulator.sweepIfDue(now: clock.now()).map(\.count) == [1])
    }

    @Test func deletionsAreLoggedAndSurviveARestart() throws {
        let scratch = try TemporaryDirectory("ddb-ttl-data")
        let fixtures = scratch.appending("fixtures")
        try FileManager.default.createDirectory(atPath: fixtures, withIntermediateDirectories: true)
        let data = scratch.appending("data")
        do {
            let clock = ManualClock(now: Self.start)
            let emulator = try DynamoDBEmulator(fixturesDirectory: fixtures, clock: clock, authenticator: AcceptAllAuthenticator(), dataDirectory: data)
            let client = DynamoDBTestClient(emulator: emulator)
            Self.prepare(client, items: [("soon", Self.epoch(10)), ("later", Self.epoch(10_000))])
            clock.advance(seconds: 60)
            #expect(Self.keys(client) == ["later"])
            // A sweep that finds nothing logs nothing (a logged null record would fail the restart).
            clock.advance(seconds: 5)
            #expect(emulator.sweepIfDue(now: clock.now()).isEmpty)
        }
        // Reopened on a clock back at the start, where "soon" has not expired: only the log can delete it.
        let reopened = try DynamoDBEmulator(fixturesDirectory: fixtures, clock: ManualClock(now: Self.start), authenticator: AcceptAllAuthenticator(), dataDirectory: data)
        #expect(Self.keys(DynamoDBTestClient(emulator: reopened)) == ["later"])
    }

    @Test(.timeLimit(.minutes(1))) func theEdgeJournalsDeletionsWhenItsClockAdvances() {
        let clock = VirtualClock(base: ManualClock(now: Self.start))
        let emulator = DynamoDBEmulator(clock: clock)
        let router = EdgeRouter(emulators: [emulator], clock: clock)
        let client = DynamoDBTestClient(emulator: emulator)
        Self.prepare(client, items: [("soon", Self.epoch(10)), ("sooner", Self.epoch(5))])
        let advance = router.respond(to: HTTPRequest(
            method: "POST", target: "/_drydock/clock/advance", headers: ["Content-Type": "application/json"], body: Array(#"{"seconds":60}"#.utf8)))
        #expect(advance.status == 200)
        let entries = router.journal.entries(.init(service: "dynamodb", operation: "TimeToLiveExpiry"))
        #expect(entries.map(\.path) == ["/us-east-1/sessions?deleted=2"])
        #expect(entries.first?.delivery == "background")
        #expect(Self.keys(client) == [])
    }
}
