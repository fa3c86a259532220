import DrydockHTTP
import EmulatorKit
import Testing
@testable import CloudFrontEmulator

@Suite("CloudFront invalidations")
struct InvalidationTests {
    @Test func createAnswers201WithLocationAndMovesToCompletedOnTheClock() throws {
        let client = try CloudFrontTestClient()
        let response = client.invalidate("E2SCHEMA", ["/schema/*", "/index.html"], reference: "ref-1")
        #expect(response.status == 201)
        let xml = CloudFrontTestClient.xml(response)
        let id = try #require(xml.childText("Id"))
        #expect(id.hasPrefix("I") && id.count == 14)
        #expect(response.headers["Location"] == "https://cloudfront.amazonaws.com/2020-05-31/distribution/E2SCHEMA/invalidation/\(id)")
        #expect(xml.childText("Status") == "InProgress")
        #expect(xml.child("InvalidationBatch")?.child("Paths")?.child("Items")?.children("Path").map(\.text) == ["/schema/*", "/index.html"])
        #expect(xml.child("InvalidationBatch")?.childText("CallerReference") == "ref-1")

        let distribution = CloudFrontTestClient.xml(client.send("GET", "/2020-05-31/distribution/E2SCHEMA"))
        #expect(distribution.childText("InProgressInvalidationBatches") == "1")

        client.clock.advance(seconds: CloudFrontEmulator.defaultCompletionDelay - 1)
        #expect(CloudFrontTestClient.xml(client.send("GET", "/2020-05-31/distribution/E2SCHEMA/invalidation/\(id)")).childText("Status") == "InProgress")
        client.clock.advance(seconds: 1)
        let done = client.send("GET", "/2020-05-31/distribution/E2SCHEMA/invalidation/\(id)")
        #expect(done.status == 200)
        #expect(CloudFrontTestClient.xml(done).childText("Status") == "Completed")
    }

    @Test func sameCallerReferenceAndPathsAnswersTheExistingInvalidation() throws {
        let client = try CloudFrontTestClient()
        let first = CloudFrontTestClient.xml(client.invalidate("E2SCHEMA", ["/a", "/b"], reference: "same"))
        let again = client.invalidate("E2SCHEMA", ["/b", "/a"], reference: "same")
        #expect(again.status == 201)
        #expect(CloudFrontTestClient.xml(again).childText("Id") == first.childText("Id"))
        let list = CloudFrontTestClient.xml(client.send("GET", "/2020-05-31/distribution/E2SCHEMA/invalidation"))
        #expect(list.childText("Quantity") == "1")
    }

    @Test func sameCallerReferenceWithOtherPathsIsInvalidArgument() throws {
        let client = try CloudFrontTestClient()
        _ = client.invalidate("E2SCHEMA", ["/a"], reference: "same")
        let response = client.invalidate("E2SCHEMA", ["/other"], reference: "same")
        #expect(response.status == 400)
        let error = CloudFrontTestClient.error(response)
        #expect(error.code == "InvalidArgument")
        #expect(error.message == "Your request contains a caller reference that was used for a previous invalidation batch for the same distribution.")
        // Another distribution may use the same reference.
        #expect(client.invalidate("E1DOCS", ["/other"], reference: "same").status == 201)
    }

    @Test(arguments: ["schema/*", "/sch*ema", "/*/x", ""])
    func badPathsAreInvalidArgument(_ path: String) throws {
        let client = try CloudFrontTestClient()
        let response = client.invalidate("E2SCHEMA", [path], reference: "r")
        #expect(response.status == 400)
        #expect(CloudFrontTestClient.error(response).code == "InvalidArgument")
    }

    @Test func quantityNotMatchingItemsIsInconsistentQuantities() throws {
        let client = try CloudFrontTestClient()
        let response = client.invalidate("E2SCHEMA", ["/a", "/b"], reference: "r", quantity: 3)
        #expect(response.status == 400)
        #expect(CloudFrontTestClient.error(response).code == "InconsistentQuantities")
        let huge = client.invalidate("E2SCHEMA", ["/a"], reference: "r", quantity: Int.max)
        #expect(CloudFrontTestClient.error(huge).code == "MalformedInput")
    }

    @Test func bodiesThatAreNotABatchAreRefused() throws {
        let client = try CloudFrontTestClient()
        let path = "/2020-05-31/distribution/E2SCHEMA/invalidation"
        #expect(CloudFrontTestClient.error(client.send("POST", path)).code == "MissingBody")
        #expect(CloudFrontTestClient.error(client.send("POST", path, body: Array("<InvalidationBatch>".utf8))).code == "MalformedInput")
        let deep = String(repeating: "<a>", count: 10_000)
        #expect(client.send("POST", path, body: Array(deep.utf8)).status == 400)
        #expect(CloudFrontTestClient.error(client.send("POST", path, body: Array("<Other/>".utf8))).code == "MalformedInput")
    }

    @Test func moreThanFifteenWildcardsInProgressIsTooManyInvalidations() throws {
        let client = try CloudFrontTestClient()
        for index in 0..<3 {
            let paths = (0..<5).map { "/w\(index)/\($0)/*" }
            #expect(client.invalidate("E2SCHEMA", paths, reference: "w\(index)").status == 201)
        }
        let response = client.invalidate("E2SCHEMA", ["/one-more/*"], reference: "w3")
        #expect(response.status == 400)
        #expect(CloudFrontTestClient.error(response).code == "TooManyInvalidationsInProgress")
        // File paths are counted separately, and completed invalidations free the wildcard budget.
        #expect(client.invalidate("E2SCHEMA", ["/file.html"], reference: "f").status == 201)
        client.clock.advance(seconds: CloudFrontEmulator.defaultCompletionDelay)
        #expect(client.invalidate("E2SCHEMA", ["/one-more/*"], reference: "w3").status == 201)
    }

    @Test func moreThan3000FilePathsInProgressIsTooManyAndOneBatchOver3000IsBatchTooLarge() throws {
        let client = try CloudFrontTestClient()
        #expect(client.invalidate("E2SCHEMA", (0..<2_000).map { "/f\($0)" }, reference: "a").status == 201)
        let over = client.invalidate("E2SCHEMA", (0..<1_001).map { "/g\($0)" }, reference: "b")
        #expect(CloudFrontTestClient.error(over).code == "TooManyInvalidationsInProgress")
        let large = client.invalidate("E1DOCS", (0..<3_001).map { "/h\($0)" }, reference: "c")
        #expect(large.status == 413)
        #expect(CloudFrontTestClient.error(large).code == "BatchTooLarge")
    }

    @Test func listInvalidationsIsNewestFirstAndPages() throws {
        let client = try CloudFrontTestClient()
        var ids: [String] = []
        for index in 0..<3 {
            ids.append(CloudFrontTestClient.xml(client.invalidate("E2SCHEMA", ["/p\(index)"], reference: "r\(index)")).childText("Id") ?? "")
            client.clock.advance(seconds: 1)
        }
        let first = CloudFrontTestClient.xml(client.send("GET", "/2020-05-31/distribution/E2SCHEMA/invalidation?MaxItems=2"))
        let firstIDs = first.child("Items")?.children("InvalidationSummary").compactMap { $0.childText("Id") }
        #expect(firstIDs == [ids[2], ids[1]])
        #expect(first.childText("IsTruncated") == "true")
        let marker = try #require(first.childText("NextMarker"))
        let second = CloudFrontTestClient.xml(client.send("GET", "/2020-05-31/distribution/E2SCHEMA/invalidation?MaxItems=2&Marker=\(marker)"))
        #expect(second.child("Items")?.children("InvalidationSummary").compactMap { $0.childText("Id") } == [ids[0]])
        #expect(second.childText("IsTruncated") == "false")
    }

    @Test func unknownInvalidationIsNoSuchInvalidationAndResetForgetsThem() throws {
        let client = try CloudFrontTestClient()
        let missing = client.send("GET", "/2020-05-31/distribution/E2SCHEMA/invalidation/INOPE")
        #expect(missing.status == 404)
        #expect(CloudFrontTestClient.error(missing).code == "NoSuchInvalidation")
        #expect(CloudFrontTestClient.error(client.invalidate("ENOPE", ["/a"], reference: "r")).code == "NoSuchDistribution")
        let id = CloudFrontTestClient.xml(client.invalidate("E2SCHEMA", ["/a"], reference: "r")).childText("Id") ?? ""
        client.emulator.reset()
        #expect(client.send("GET", "/2020-05-31/distribution/E2SCHEMA/invalidation/\(id)").status == 404)
    }
}
