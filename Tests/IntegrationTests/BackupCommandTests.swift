import DrydockCore
import DrydockTesting
import Foundation
import Testing

// 3 minutes: in the whole suite (1,450 tests on 2 cores) these blocking emulator tests wait for a thread of
// the cooperative pool while the limit already runs; alone they take seconds.
/// `drydock backup`, `backup verify` and `backup restore` as child processes against live emulators
/// (credentials from IMDS only), the bucket and prefix from a host configuration file.
@Suite("backup against live emulators", .timeLimit(.minutes(3)))
struct BackupCommandTests {
    static func configuration(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.path + "/config.yaml"
        try """
            backup:
              bucket: drydock-charter-backups
              prefix: drills/
              region: us-east-1
            """.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test func dryRunThenBackupThenVerifyThenRestore() throws {
        try withEmulators(.live) { harness in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let extra = ["DRYDOCK_CONFIG": try Self.configuration(dir)]

            let dry = try Drydock.run(["backup", "--month", "2026-09", "--dry-run"], against: harness, extra: extra)
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("would upload: s3://drydock-charter-backups/drills/exports/2026-09/us-west-2/crew-dispatch.jsonl.gz (8 items"))
            #expect(dry.stdout.contains("nothing was written"))
            #expect(harness.journal(service: "s3", operation: "PutObject").isEmpty)

            let backup = try Drydock.run(["backup", "--month", "2026-09"], against: harness, extra: extra)
            #expect(backup.status == 0, "\(backup.stderr)")
            #expect(backup.stdout.contains("backup of 2026-09 verified: 4 object(s), 26 item(s), 4 uploaded, 0 unchanged; manifest s3://drydock-charter-backups/drills/manifests/2026-09/manifest.json written"))

            let again = try Drydock.run(["backup", "--month", "2026-09"], against: harness, extra: extra)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("0 uploaded, 4 unchanged; manifest s3://drydock-charter-backups/drills/manifests/2026-09/manifest.json unchanged"))
            #expect(harness.journal(service: "s3", operation: "PutObject").count == 5, "four objects and one manifest, once")

            let verify = try Drydock.run(["backup", "verify", "--month", "2026-09"], against: harness, extra: extra)
            #expect(verify.status == 0, "\(verify.stderr)")
            #expect(verify.stdout.components(separatedBy: "\nok: ").count == 4, "\(verify.stdout)")

            let restore = try Drydock.run(
                ["backup", "restore", "--month", "2026-09", "--table", "charter-chats", "--to-table", "charter-chats", "--to-region", "us-east-1"],
                against: harness, extra: extra)
            #expect(restore.status == 0, "\(restore.stderr)")
            #expect(restore.stdout.contains("restored 12 item(s) of charter-chats from 2 object(s) into charter-chats (us-east-1) in 1 BatchWriteItem request(s)"))

            let noTable = try Drydock.run(["backup", "restore", "--month", "2026-09", "--to-table", "drill-missing"], against: harness, extra: extra)
            #expect(noTable.status == 78)
            #expect(noTable.stderr.contains("table 'drill-missing' does not exist in us-east-1: create it with the key schema of crew-dispatch first"))

            let none = try Drydock.run(["backup", "verify", "--month", "2026-07"], against: harness, extra: extra)
            #expect(none.status == 1)
            #expect(none.stderr.contains("no backup of 2026-07: s3://drydock-charter-backups/drills/manifests/2026-07/manifest.json does not exist"))
        }
    }

    @Test func aThrottledRegionExits75AndWritesNoManifest() throws {
        try withEmulators(.live) { harness in
            try harness.addFault(#"{"service":"dynamodb","region":"us-west-2","action":{"type":"status","status":400,"reason":"ThrottlingException"}}"#)
            let result = try Drydock.run(["backup", "--month", "2026-09"], against: harness, extra: ["AWS_MAX_ATTEMPTS": "2"])
            #expect(result.status == 75, "\(result.stderr)")
            #expect(result.stderr.contains("region us-west-2 could not be exported, so nothing was uploaded: DynamoDB Query failed: ThrottlingException"))
            #expect(harness.journal(service: "s3").isEmpty)
        }
    }

    @Test func aMissingBucketIsAConfigurationError() throws {
        try withEmulators(.live) { harness in
            let result = try Drydock.run(["backup", "--month", "2026-09", "--bucket", "no-such-backups", "--dry-run"], against: harness)
            #expect(result.status == 78, "\(result.stderr)")
            #expect(result.stderr.contains("S3 HeadBucket s3://no-such-backups (us-east-1) failed: NoSuchBucket (HTTP 404)"))
            #expect(result.stderr.contains("create bucket 'no-such-backups' in us-east-1"))
        }
    }

    @Test func badArgumentsAreUsageErrors() throws {
        try withEmulators(.live) { harness in
            for (arguments, message) in [
                (["backup", "--month", "2026-9"], "--month must be YYYY-MM, got '2026-9'"),
                (["backup", "--month", "2026-09", "--prefix", "/abs"], "--prefix must be empty or end in /"),
                (["backup", "--month", "2026-09", "--bucket", "Bad_Bucket"], "--bucket 'Bad_Bucket' is not an S3 bucket name"),
            ] {
                let result = try Drydock.run(arguments, against: harness)
                #expect(result.status == 64)
                #expect(result.stderr.contains(message), "\(result.stderr)")
            }
        }
    }
}
