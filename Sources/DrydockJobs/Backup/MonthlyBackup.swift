import DrydockCore
import DrydockCrypto
import DrydockServices
import Foundation

/// `drydock backup`: a month of crew dispatch and charter chats from every region, uploaded to the backup
/// bucket and read back before the manifest is written.
///
/// Order, so that a failure anywhere leaves no manifest pointing at a missing or wrong object:
/// 1. export every region (any region failing stops here: nothing is uploaded);
/// 2. HeadBucket (a missing bucket, wrong region or denied role fails here, dry run included);
///    each object: HeadObject — an object already stored with the same SHA-256 (`x-amz-meta-sha256`) and
///    size is not uploaded again; otherwise PutObject with `x-amz-checksum-sha256`, or a multipart upload
///    (`Content-MD5` on each part) from `multipartThreshold` bytes;
/// 3. each object read back (GetObject) and its SHA-256 and size compared;
/// 4. the manifest, last — unless the stored one already lists exactly these objects, regions and tables.
public struct MonthlyBackup: Sendable {
    public let export: MonthlyExport
    public let s3: S3Client
    public let clock: any WallClock
    /// Objects of this size or more go up by multipart upload (S3 recommends it from 100 MB; the default
    /// keeps every request under the 10 MiB the emulators and most proxies take).
    public var multipartThreshold = 8 << 20
    /// Part size (S3's minimum is 5 MiB except for the last part).
    public var partSize = 8 << 20

    public init(export: MonthlyExport, s3: S3Client, clock: any WallClock) {
        self.export = export
        self.s3 = s3
        self.clock = clock
    }

    /// What a run did (or, dry, would do) with each object.
    public struct Outcome: Sendable {
        public enum Action: String, Sendable { case uploaded, unchanged, wouldUpload = "would upload" }
        public var layout: BackupLayout
        public var objects: [(object: ExportedObject, action: Action)]
        /// `written`, `unchanged` or `would write`.
        public var manifest: String
        public var manifestKey: String { layout.manifestKey }
    }

    /// Runs the backup of `month` (`YYYY-MM`) into `layout`; `dryRun` reads (DynamoDB, HeadObject) and
    /// writes nothing.
    public func run(layout: BackupLayout, dryRun: Bool = false) throws -> Outcome {
        let objects = try export.run(month: layout.month, layout: layout)
        var outcome = Outcome(layout: layout, objects: [], manifest: dryRun ? "would write" : "written")
        // A missing bucket, a wrong region or a denied role is told apart here (a HEAD of a missing
        // object in a missing bucket is a bare 404), dry run included.
        try s3.headBucket(layout.bucket)
        for object in objects {
            let stored = try s3.headObject(bucket: layout.bucket, key: object.key)
            if let stored, stored.size == object.body.count, stored.metadata["sha256"] == object.sha256 {
                outcome.objects.append((object, .unchanged))
                continue
            }
            if dryRun {
                outcome.objects.append((object, .wouldUpload))
                continue
            }
            try upload(object, bucket: layout.bucket)
            outcome.objects.append((object, .uploaded))
        }
        if dryRun { return outcome }
        for object in objects { try readBack(object, bucket: layout.bucket) }

        var manifest = BackupManifest(
            month: layout.month, generatedAt: RFC3339.string(from: clock.now()), bucket: layout.bucket,
            sourceRegions: export.clients.map(\.region).sorted(), tables: [export.dispatchTable, export.chatsTable],
            objects: objects.map {
                BackupManifest.Object(key: $0.key, region: $0.region, table: $0.table, items: $0.items, bytes: $0.body.count, sha256: $0.sha256)
            })
        if let existing = try storedManifest(layout), existing.sameContent(as: manifest) {
            manifest.generatedAt = existing.generatedAt
            outcome.manifest = "unchanged"
            return outcome
        }
        let body = Array((manifest.json.serialized(pretty: true) + "\n").utf8)
        try s3.putObject(
            bucket: layout.bucket, key: layout.manifestKey, body: body, contentType: "application/json",
            metadata: [("sha256", SHA256.hex(body))])
        return outcome
    }

    func upload(_ object: ExportedObject, bucket: String) throws {
        let metadata = [("sha256", object.sha256), ("items", String(object.items))]
        if object.body.count >= multipartThreshold {
            try s3.putObjectMultipart(
                bucket: bucket, key: object.key, body: object.body, partSize: partSize, contentType: "application/gzip",
                metadata: metadata)
        } else {
            try s3.putObject(bucket: bucket, key: object.key, body: object.body, contentType: "application/gzip", metadata: metadata)
        }
    }

    func readBack(_ object: ExportedObject, bucket: String) throws {
        let stored = try s3.getObject(bucket: bucket, key: object.key)
        let sha = SHA256.hex(stored)
        guard stored.count == object.body.count, sha == object.sha256 else {
            throw BackupError(
                .mismatch,
                "s3://\(bucket)/\(object.key) read back as \(stored.count) bytes with SHA-256 \(sha), but \(object.body.count) bytes with SHA-256 \(object.sha256) were uploaded; no manifest was written: rerun")
        }
    }

    /// The manifest stored for `layout`, or nil when there is none.
    func storedManifest(_ layout: BackupLayout) throws -> BackupManifest? {
        try Self.manifest(s3: s3, layout: layout)
    }

    /// The manifest stored for `layout`, or nil when there is none; a manifest that cannot be read throws.
    public static func manifest(s3: S3Client, layout: BackupLayout) throws -> BackupManifest? {
        let bytes: [UInt8]
        do {
            bytes = try s3.getObject(bucket: layout.bucket, key: layout.manifestKey)
        } catch let error as S3Error where error.code == "NoSuchKey" {
            return nil
        }
        return try BackupManifest.parse(bytes).get()
    }
}
