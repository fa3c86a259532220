import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockJobs
import DrydockServices
import DrydockTesting
import Foundation
import Testing

// 3 minutes: in the whole suite (1,450 tests on 2 cores) these blocking emulator tests wait for a thread of
// the cooperative pool while the limit already runs; alone they take seconds.
/// `drydock backup`'s library against the emulators in-process: DynamoDB in both regions, S3 in
/// us-east-1 with the fixtures' `drydock-charter-backups` bucket, credentials from the IMDS emulator.
@Suite(.timeLimit(.minutes(3)))
struct BackupRoundTripTests {
    static let layout = BackupLayout(bucket: "drydock-charter-backups", prefix: "drydock/", month: "2026-09")

    /// Clients over `harness`, with a clock that never really sleeps (retries back off instantly).
    struct Clients {
        let s3: S3Client
        let dynamo: [(region: String, client: DynamoDBClient)]
        let clock = ManualClock(now: Date())
        init(_ harness: EmulatorHarness, maxAttempts: Int = 3) throws {
            let clock = self.clock
            let credentials = AWSCredentialChain(environment: harness.environment, transport: harness.transport, clock: clock)
            let policy = DynamoDBRetryPolicy(maxAttempts: maxAttempts, random: { 0.5 })
            s3 = try S3Client(
                region: "us-east-1", credentials: credentials, transport: harness.transport, environment: harness.environment,
                clock: clock, retryPolicy: policy)
            dynamo = try ["us-east-1", "us-west-2"].map { region in
                (region, try DynamoDBClient(
                    region: region, credentials: credentials, transport: harness.transport, environment: harness.environment,
                    clock: clock, retryPolicy: policy))
            }
        }

        func backup(multipartThreshold: Int? = nil) -> MonthlyBackup {
            var backup = MonthlyBackup(export: MonthlyExport(clients: dynamo), s3: s3, clock: clock)
            if let multipartThreshold {
                backup.multipartThreshold = multipartThreshold
                backup.partSize = S3Client.minimumPartSize
            }
            return backup
        }
    }

    /// The S3 operations the journal holds, in order.
    static func s3Operations(_ harness: EmulatorHarness) -> [String] {
        harness.journal(service: "s3").compactMap { $0["operation"]?.stringValue }
    }

    static func count(_ operation: String, in operations: [String]) -> Int { operations.filter { $0 == operation }.count }

    @Test func backupVerifyRestoreRoundTrip() throws {
        try withEmulators(.inProcess) { harness in
            let clients = try Clients(harness)
            let outcome = try clients.backup().run(layout: Self.layout)
            #expect(outcome.objects.map(\.object.key) == [
                "drydock/exports/2026-09/us-east-1/crew-dispatch.jsonl.gz", "drydock/exports/2026-09/us-east-1/charter-chats.jsonl.gz",
                "drydock/exports/2026-09/us-west-2/crew-dispatch.jsonl.gz", "drydock/exports/2026-09/us-west-2/charter-chats.jsonl.gz",
            ])
            #expect(outcome.objects.allSatisfy { $0.action == .uploaded })
            #expect(outcome.manifest == "written")
            // Exactly: a HEAD and a PUT per object, every object read back, then the manifest looked for and written.
            #expect(Self.s3Operations(harness) == ["HeadBucket"] + Array(repeating: ["HeadObject", "PutObject"], count: 4).flatMap { $0 }
                + Array(repeating: "GetObject", count: 4) + ["GetObject", "PutObject"])

            let manifestBytes = try clients.s3.getObject(bucket: Self.layout.bucket, key: Self.layout.manifestKey)
            let manifest = try BackupManifest.parse(manifestBytes).get()
            #expect(manifest.sourceRegions == ["us-east-1", "us-west-2"])
            #expect(manifest.tables == ["crew-dispatch", "charter-chats"])
            #expect(manifest.objects.map(\.sha256) == outcome.objects.map(\.object.sha256))
            let dispatchItems = manifest.objects.filter { $0.table == "crew-dispatch" }.reduce(0) { $0 + $1.items }
            #expect(dispatchItems == 14)

            let report = try BackupVerification(s3: clients.s3).run(layout: Self.layout)
            #expect(report.problems.isEmpty)
            #expect(report.results.count == 4)

            let target = clients.dynamo[0].client
            _ = try target.call("CreateTable", [
                "TableName": "crew-dispatch-drill",
                "AttributeDefinitions": [["AttributeName": "dispatch_month", "AttributeType": "S"], ["AttributeName": "departs_at", "AttributeType": "S"]],
                "KeySchema": [["AttributeName": "dispatch_month", "KeyType": "HASH"], ["AttributeName": "departs_at", "KeyType": "RANGE"]],
                "BillingMode": "PAY_PER_REQUEST",
            ])
            let restored = try BackupRestore(s3: clients.s3, target: target).run(layout: Self.layout, sourceTable: "crew-dispatch", into: "crew-dispatch-drill")
            #expect(restored.items == 13 && restored.superseded == 1, "HC-2026-0148 is in both regions")
            let query = try target.query([
                "TableName": "crew-dispatch-drill", "KeyConditionExpression": "dispatch_month = :m",
                "ExpressionAttributeValues": [":m": ["S": "2026-09"]],
            ])
            // HC-2026-0148 is in both regions (a replica) under the same key: one item.
            let original = try clients.dynamo.flatMap { try $0.client.query([
                "TableName": "crew-dispatch", "KeyConditionExpression": "dispatch_month = :m",
                "ExpressionAttributeValues": [":m": ["S": "2026-09"]],
            ]).items }
            let keys = Set(original.compactMap { $0["departs_at"]?["S"]?.stringValue })
            #expect(query.items.count == keys.count)
        }
    }

    @Test func aRerunUploadsNothingAndKeepsTheManifest() throws {
        try withEmulators(.inProcess) { harness in
            let clients = try Clients(harness)
            let first = try clients.backup().run(layout: Self.layout)
            let manifest = try clients.s3.getObject(bucket: Self.layout.bucket, key: Self.layout.manifestKey)
            let before = Self.s3Operations(harness).count
            clients.clock.advance(seconds: 3600)
            harness.clock.advance(seconds: 3600)
            let second = try clients.backup().run(layout: Self.layout)
            let rerun = Array(Self.s3Operations(harness).dropFirst(before))
            #expect(second.objects.allSatisfy { $0.action == .unchanged })
            #expect(second.manifest == "unchanged")
            #expect(second.objects.map(\.object.body) == first.objects.map(\.object.body), "same input, same bytes")
            #expect(rerun == ["HeadBucket"] + Array(repeating: "HeadObject", count: 4) + Array(repeating: "GetObject", count: 5))
            #expect(try clients.s3.getObject(bucket: Self.layout.bucket, key: Self.layout.manifestKey) == manifest)
        }
    }

    @Test func dryRunWritesNothing() throws {
        try withEmulators(.inProcess) { harness in
            let clients = try Clients(harness)
            let outcome = try clients.backup().run(layout: Self.layout, dryRun: true)
            #expect(outcome.objects.count == 4 && outcome.objects.allSatisfy { $0.action == .wouldUpload })
            #expect(Self.s3Operations(harness) == ["HeadBucket"] + Array(repeating: "HeadObject", count: 4))
            #expect(try clients.s3.headObject(bucket: Self.layout.bucket, key: Self.layout.manifestKey) == nil)
        }
    }

    @Test func aThrottledRegionFailsLoudlyBeforeAnyUpload() throws {
        try withEmulators(.inProcess) { harness in
            try harness.addFault(#"{"service":"dynamodb","region":"us-west-2","action":{"type":"status","status":400,"reason":"ThrottlingException"}}"#)
            let clients = try Clients(harness)
            let error = try #require(throws: RegionFailure.self) { try clients.backup().run(layout: Self.layout) }
            #expect(error.region == "us-west-2")
            #expect(error.exitStatus == .transient)
            #expect(error.description.contains("ThrottlingException") && error.description.contains("[after 3 attempts]"))
            #expect(Self.s3Operations(harness).isEmpty, "nothing uploaded, no manifest")
        }
    }

    @Test func aResetPartUploadIsRetried() throws {
        try withEmulators(.inProcess) { harness in
            try harness.addFault(#"{"service":"s3","operation":"UploadPart","times":1,"action":{"type":"reset"}}"#)
            let clients = try Clients(harness)
            let outcome = try clients.backup(multipartThreshold: 1).run(layout: Self.layout)
            #expect(outcome.manifest == "written")
            let operations = Self.s3Operations(harness)
            #expect(Self.count("UploadPart", in: operations) == 5, "four parts, the first sent twice")
            #expect(Self.count("CompleteMultipartUpload", in: operations) == 4)
            #expect(try BackupVerification(s3: clients.s3).run(layout: Self.layout).problems.isEmpty)
        }
    }

    @Test func partUploadsThatKeepFailingAbortAndLeaveNoManifest() throws {
        try withEmulators(.inProcess) { harness in
            try harness.addFault(#"{"service":"s3","operation":"UploadPart","action":{"type":"reset"}}"#)
            let clients = try Clients(harness)
            let error = try #require(throws: S3Error.self) { try clients.backup(multipartThreshold: 1).run(layout: Self.layout) }
            #expect(error.operation == "UploadPart" && error.code == S3Error.transportErrorCode && error.attempts == 3)
            #expect(error.exitStatus == .transient)
            #expect(error.description.contains("s3://drydock-charter-backups/drydock/exports/2026-09/us-east-1/crew-dispatch.jsonl.gz (us-east-1)"))
            let operations = Self.s3Operations(harness)
            #expect(operations == ["HeadBucket", "HeadObject", "CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart", "AbortMultipartUpload"])
            #expect(try clients.s3.headObject(bucket: Self.layout.bucket, key: Self.layout.manifestKey) == nil)
        }
    }

    @Test func verifyFindsAChangedObject() throws {
        try withEmulators(.inProcess) { harness in
            let clients = try Clients(harness)
            let outcome = try clients.backup().run(layout: Self.layout)
            let damaged = outcome.objects[1].object.key
            try clients.s3.putObject(bucket: Self.layout.bucket, key: damaged, body: Array("not the backup".utf8))
            let report = try BackupVerification(s3: clients.s3).run(layout: Self.layout)
            #expect(report.problems == ["\(damaged): 14 bytes stored, the manifest says \(outcome.objects[1].object.body.count)"])
            let missing = try #require(throws: BackupError.self) {
                try BackupVerification(s3: clients.s3).run(layout: BackupLayout(bucket: Self.layout.bucket, prefix: "", month: "2026-07"))
            }
            #expect(missing.code == .noBackup && missing.exitStatus == .checkFailed)
            #expect(missing.description.contains("s3://drydock-charter-backups/manifests/2026-07/manifest.json does not exist"))
        }
    }

    @Test func restoreRetriesUnprocessedItems() throws {
        try withEmulators(.inProcess) { harness in
            let clients = try Clients(harness)
            try clients.backup().run(layout: Self.layout)
            try harness.addFault(#"{"service":"dynamodb","operation":"BatchWriteItem","times":2,"action":{"type":"status","status":200,"reason":"unprocessed-items"}}"#)
            let target = clients.dynamo[1].client
            let restored = try BackupRestore(s3: clients.s3, target: target).run(layout: Self.layout, sourceTable: "charter-chats", into: "charter-chats")
            #expect(restored.items == 12)
            #expect(restored.requests == 3, "one batch of 12, its unprocessed half twice")
        }
    }
}
