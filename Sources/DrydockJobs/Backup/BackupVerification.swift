import DrydockCore
import DrydockCrypto
import DrydockServices

/// `drydock backup verify`: every object the month's manifest lists is present, with its size and SHA-256.
public struct BackupVerification: Sendable {
    public let s3: S3Client

    public init(s3: S3Client) { self.s3 = s3 }

    public struct Report: Sendable {
        public var manifest: BackupManifest
        /// One line per object: `ok` or what is wrong.
        public var results: [(key: String, problem: String?)]
        public var problems: [String] { results.compactMap { result in result.problem.map { "\(result.key): \($0)" } } }
    }

    /// - Throws: ``BackupError`` `noBackup` when the month has no manifest; ``S3Error`` when S3 fails.
    public func run(layout: BackupLayout) throws -> Report {
        guard let manifest = try MonthlyBackup.manifest(s3: s3, layout: layout) else {
            throw BackupError(
                .noBackup,
                "no backup of \(layout.month): s3://\(layout.bucket)/\(layout.manifestKey) does not exist (run `drydock backup --month \(layout.month)`)")
        }
        var report = Report(manifest: manifest, results: [])
        for object in manifest.objects {
            let stored: [UInt8]
            do {
                stored = try s3.getObject(bucket: layout.bucket, key: object.key)
            } catch let error as S3Error where error.code == "NoSuchKey" {
                report.results.append((object.key, "missing"))
                continue
            }
            let sha = SHA256.hex(stored)
            if stored.count != object.bytes {
                report.results.append((object.key, "\(stored.count) bytes stored, the manifest says \(object.bytes)"))
            } else if sha != object.sha256 {
                report.results.append((object.key, "SHA-256 \(sha) stored, the manifest says \(object.sha256)"))
            } else {
                report.results.append((object.key, nil))
            }
        }
        return report
    }
}

/// `drydock backup restore`: one table's items from every region of a stored backup, written into a table
/// with BatchWriteItem (unprocessed items retried with backoff).
public struct BackupRestore: Sendable {
    public let s3: S3Client
    public let target: DynamoDBClient

    public init(s3: S3Client, target: DynamoDBClient) {
        self.s3 = s3
        self.target = target
    }

    public struct Outcome: Sendable {
        public var items: Int
        public var requests: Int
        public var objects: [String]
        /// Older copies of the same key (cross-region replicas) that were not written.
        public var superseded = 0
    }

    /// Restores the objects of `sourceTable` (every region) into `table`, each checked against the
    /// manifest's SHA-256 before any item is written.
    public func run(layout: BackupLayout, sourceTable: String, into table: String) throws -> Outcome {
        guard let manifest = try MonthlyBackup.manifest(s3: s3, layout: layout) else {
            throw BackupError(.noBackup, "no backup of \(layout.month): s3://\(layout.bucket)/\(layout.manifestKey) does not exist")
        }
        let objects = manifest.objects.filter { $0.table == sourceTable }
        guard !objects.isEmpty else {
            let tables = Set(manifest.objects.map(\.table)).sorted().joined(separator: ", ")
            throw BackupError(.usage, "the backup of \(layout.month) holds no '\(sourceTable)' export (it has: \(tables)); pick one with --table")
        }
        var items: [JSONValue] = []
        for object in objects {
            let body = try s3.getObject(bucket: layout.bucket, key: object.key)
            guard SHA256.hex(body) == object.sha256 else {
                throw BackupError(.mismatch, "s3://\(layout.bucket)/\(object.key) does not match its manifest SHA-256; nothing was restored (run `drydock backup verify --month \(layout.month)`)")
            }
            items += try MonthlyExport.items(of: body).get()
        }
        let description: JSONValue
        do {
            description = try target.call("DescribeTable", ["TableName": .string(table)])
        } catch let error as DynamoDBError where error.code == "ResourceNotFoundException" {
            throw BackupError(
                .noTargetTable,
                "table '\(table)' does not exist in \(target.endpoint.region): create it with the key schema of \(sourceTable) first; nothing was restored")
        }
        let keyNames = description["Table"]?["KeySchema"]?.arrayValue?.compactMap { $0["AttributeName"]?.stringValue } ?? []
        let (unique, superseded) = Self.newestPerKey(items, keyNames: keyNames)
        let requests = try target.batchWrite(table: table, items: unique)
        return Outcome(items: unique.count, requests: requests, objects: objects.map(\.key), superseded: superseded)
    }

    /// One item per primary key (a booking replicated to two regions is in both exports under one key; a
    /// BatchWriteItem refuses duplicate keys): the newest `updated_at` wins, as `drydock dispatch` merges.
    static func newestPerKey(_ items: [JSONValue], keyNames: [String]) -> (items: [JSONValue], superseded: Int) {
        guard !keyNames.isEmpty else { return (items, 0) }
        var order: [String] = []
        var byKey: [String: JSONValue] = [:]
        for item in items {
            let key = keyNames.map { item[$0].map { MonthlyExport.canonical($0).serialized() } ?? "" }.joined(separator: "\u{0}")
            if let existing = byKey[key] {
                let old = existing["updated_at"]?["S"]?.stringValue ?? ""
                if (item["updated_at"]?["S"]?.stringValue ?? "") >= old { byKey[key] = item }
            } else {
                order.append(key)
                byKey[key] = item
            }
        }
        return (order.compactMap { byKey[$0] }, items.count - order.count)
    }
}
