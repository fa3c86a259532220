import DrydockCore
import DrydockTesting
import EmulatorKit
import Foundation
@testable import CloudFrontEmulator
import Testing

/// `--data-dir`: invalidations, with their virtual-clock creation times, survive a restart (a torn
/// last record, as a crash mid-append leaves, is dropped); reset empties the log.
@Suite("CloudFront --data-dir persistence", .timeLimit(.minutes(1)))
struct PersistenceTests {
    @Test func invalidationsSurviveARestartWithTheirTimes() throws {
        let fixtures = try CloudFrontTestClient().directory
        let data = try TemporaryDirectory("cloudfront-data")
        defer { data.remove(); fixtures.remove() }
        let clock = ManualClock()
        var first = "", second = "", created = ""
        do {
            let client = try CloudFrontTestClient(fixtures: fixtures, clock: clock, dataDirectory: data.path)
            let response = client.invalidate("E2SCHEMA", ["/schema/*"], reference: "ref-1")
            #expect(response.status == 201)
            first = CloudFrontTestClient.xml(response).childText("Id") ?? ""
            created = CloudFrontTestClient.xml(response).childText("CreateTime") ?? ""
            clock.advance(seconds: 30)
            second = CloudFrontTestClient.xml(client.invalidate("E2SCHEMA", ["/index.html", "/a b"], reference: "ref-2")).childText("Id") ?? ""
        }
        let client = try CloudFrontTestClient(fixtures: fixtures, clock: clock, dataDirectory: data.path)
        let list = CloudFrontTestClient.xml(client.send("GET", "/2020-05-31/distribution/E2SCHEMA/invalidation"))
        let summaries = list.child("Items")?.children("InvalidationSummary") ?? []
        #expect(summaries.compactMap { $0.childText("Id") } == [second, first])
        #expect(summaries.last?.childText("CreateTime") == created)
        let restored = CloudFrontTestClient.xml(client.send("GET", "/2020-05-31/distribution/E2SCHEMA/invalidation/\(second)"))
        #expect(restored.child("InvalidationBatch")?.child("Paths")?.child("Items")?.children("Path").map(\.text) == ["/index.html", "/a b"])
        #expect(restored.childText("Status") == "InProgress")
        // The status still follows the clock from the logged creation time.
        clock.advance(seconds: CloudFrontEmulator.defaultCompletionDelay - 30)
        #expect(CloudFrontTestClient.xml(client.send("GET", "/2020-05-31/distribution/E2SCHEMA/invalidation/\(first)")).childText("Status") == "Completed")
        #expect(CloudFrontTestClient.xml(client.send("GET", "/2020-05-31/distribution/E2SCHEMA/invalidation/\(second)")).childText("Status") == "InProgress")
        // CallerReference idempotency holds across the restart: the same batch answers the same invalidation.
        let again = client.invalidate("E2SCHEMA", ["/schema/*"], reference: "ref-1")
        #expect(CloudFrontTestClient.xml(again).childText("Id") == first)
    }

    @Test func aTornLastRecordIsDroppedAndResetEmptiesTheLog() throws {
        let fixtures = try CloudFrontTestClient().directory
        let data = try TemporaryDirectory("cloudfront-data")
        defer { data.remove(); fixtures.remove() }
        let clock = ManualClock()
        var kept = ""
        do {
            let client = try CloudFrontTestClient(fixtures: fixtures, clock: clock, dataDirectory: data.path)
            kept = CloudFrontTestClient.xml(client.invalidate("E1DOCS", ["/docs/*"], reference: "kept")).childText("Id") ?? ""
        }
        let log = data.appending("cloudfront/cloudfront.wal")
        let handle = try #require(FileHandle(forWritingAtPath: log))
        handle.seekToEndOfFile()
        handle.write(Data("0000abcd {\"op\":\"invalidation\",\"dis".utf8))  // a crash mid-append
        try handle.close()
        do {
            let client = try CloudFrontTestClient(fixtures: fixtures, clock: clock, dataDirectory: data.path)
            let ids = CloudFrontTestClient.xml(client.send("GET", "/2020-05-31/distribution/E1DOCS/invalidation"))
                .child("Items")?.children("InvalidationSummary").compactMap { $0.childText("Id") }
            #expect(ids == [kept])
            client.emulator.reset()
        }
        let client = try CloudFrontTestClient(fixtures: fixtures, clock: clock, dataDirectory: data.path)
        let after = client.send("GET", "/2020-05-31/distribution/E1DOCS/invalidation/\(kept)")
        #expect(after.status == 404)
        #expect(CloudFrontTestClient.error(after).code == "NoSuchInvalidation")
    }

    @Test func aSecondEmulatorOnTheSameDirectoryIsRefused() throws {
        let fixtures = try CloudFrontTestClient().directory
        let data = try TemporaryDirectory("cloudfront-data")
        defer { data.remove(); fixtures.remove() }
        let client = try CloudFrontTestClient(fixtures: fixtures, clock: ManualClock(), dataDirectory: data.path)
        #expect(throws: FixtureError.self) { try CloudFrontTestClient(fixtures: fixtures, clock: ManualClock(), dataDirectory: data.path) }
        _ = client
    }
}
