import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockServices
import DrydockTesting
import Foundation
import Testing

// 3 minutes: in the whole suite (1,450 tests on 2 cores) these blocking emulator tests wait for a thread of
// the cooperative pool while the limit already runs; alone they take seconds.
/// The production S3 client against the S3 emulator, and its XML reader.
@Suite(.timeLimit(.minutes(3)))
struct S3ClientTests {
    func client(_ harness: EmulatorHarness, region: String = "us-east-1") throws -> S3Client {
        let clock = ManualClock(now: Date())
        return try S3Client(
            region: region, credentials: AWSCredentialChain(environment: harness.environment, transport: harness.transport, clock: clock),
            transport: harness.transport, environment: harness.environment, clock: clock,
            retryPolicy: DynamoDBRetryPolicy(maxAttempts: 3, random: { 0 }))
    }

    @Test(arguments: EmulatorHarness.Mode.allCases)
    func multipartObjectsRoundTrip(_ mode: EmulatorHarness.Mode) throws {
        try withEmulators(mode) { harness in
            let s3 = try client(harness)
            // Two parts: 5 MiB and the rest. Bytes from an LCG (cheap in a debug build), no two parts alike.
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            let body = (0..<(6 << 20) + 123).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            let eTag = try s3.putObjectMultipart(bucket: "drydock-charter-backups", key: "big/ünïcode key+1.bin", body: body, partSize: S3Client.minimumPartSize)
            #expect(eTag.hasSuffix("-2\""))
            #expect(try s3.getObject(bucket: "drydock-charter-backups", key: "big/ünïcode key+1.bin") == body)
            let info = try #require(try s3.headObject(bucket: "drydock-charter-backups", key: "big/ünïcode key+1.bin"))
            #expect(info.size == body.count)
            let listed = try s3.listObjects(bucket: "drydock-charter-backups", prefix: "big/")
            #expect(listed.map(\.key) == ["big/ünïcode key+1.bin"])
        }
    }

    @Test func putObjectSendsItsSHA256AndListsPageByPage() throws {
        try withEmulators(.inProcess) { harness in
            let s3 = try client(harness)
            for index in 0..<3 { try s3.putObject(bucket: "drydock-charter-backups", key: "p/\(index)", body: Array("object \(index)".utf8)) }
            let info = try #require(try s3.headObject(bucket: "drydock-charter-backups", key: "p/1"))
            #expect(info.checksumSHA256 == Base64.encode(SHA256.hash(Array("object 1".utf8))))
            #expect(try s3.listObjects(bucket: "drydock-charter-backups", prefix: "p/").map(\.key) == ["p/0", "p/1", "p/2"])
            #expect(try s3.headObject(bucket: "drydock-charter-backups", key: "p/none") == nil)
        }
    }

    @Test func errorsNameBucketKeyRegionAndTheFix() throws {
        try withEmulators(.inProcess) { harness in
            let s3 = try client(harness)
            let missing = try #require(throws: S3Error.self) { try s3.getObject(bucket: "no-such-backups", key: "a/b") }
            #expect(missing.code == "NoSuchBucket" && missing.status == 404 && missing.exitStatus == .configuration)
            #expect(missing.description.hasPrefix("S3 GetObject s3://no-such-backups/a/b (us-east-1) failed: NoSuchBucket (HTTP 404): The specified bucket does not exist"))
            #expect(missing.description.contains("create bucket 'no-such-backups' in us-east-1"))
            #expect(missing.requestID != nil)

            let wrongRegion = try #require(throws: S3Error.self) {
                try client(harness, region: "eu-west-1").getObject(bucket: "drydock-charter-backups", key: "x")
            }
            #expect(wrongRegion.bucketRegion == "us-east-1" && wrongRegion.exitStatus == .configuration)
            #expect(wrongRegion.fix.contains("the bucket is in us-east-1, not eu-west-1"))

            try harness.addFault(#"{"service":"s3","operation":"GetObject","action":{"type":"status","status":503}}"#)
            let slow = try #require(throws: S3Error.self) { try s3.getObject(bucket: "drydock-charter-backups", key: "x") }
            #expect(slow.code == "SlowDown" && slow.attempts == 3 && slow.exitStatus == .transient)
        }
    }

    @Test func theClientReadsS3AnswersThroughTheSharedParserAndRefusesTheRest() throws {
        let document = try S3Client.readXML(Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>\
            <Contents><Key>a &amp; b &#233;&#x41;<![CDATA[<c>]]></Key><Size>3</Size></Contents><!-- note --><IsTruncated>false</IsTruncated></ListBucketResult>
            """.utf8))
        #expect(document.name == "ListBucketResult")
        #expect(document.child("Contents")?.childText("Key") == "a & b éA<c>")
        #expect(document.childText("IsTruncated") == "false")

        let refused = [
            "<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", "<a><b></a>", "<a>&bogus;</a>", "<a>&#x110000;</a>",
            "<a></a><b/>", "<a>", String(repeating: "<a>", count: 40),
        ]
        for input in refused {
            #expect(throws: XML.Parser.Malformed.self, "\(input)") { try S3Client.readXML(Array(input.utf8)) }
        }
        // A listing page's worth of elements is read (the emulators' own limit is 100,000).
        let page = "<L>" + String(repeating: "<Contents><Key>k</Key><Size>1</Size></Contents>", count: 40_000) + "</L>"
        #expect(try S3Client.readXML(Array(page.utf8)).children.count == 40_000)
    }
}
