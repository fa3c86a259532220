import DrydockCore
import DrydockCrypto
import Foundation

/// The write-ahead log's records: one per acknowledged change, replayed in order at start.
enum S3LogRecord {
    static func createBucket(_ bucket: S3Bucket) -> JSONValue {
        ["op": "createBucket", "bucket": .string(bucket.name), "region": .string(bucket.region),
         "created": .number(bucket.creationDate.timeIntervalSince1970)]
    }

    static func deleteBucket(_ name: String) -> JSONValue { ["op": "deleteBucket", "bucket": .string(name)] }

    static func versioning(_ name: String, status: String) -> JSONValue {
        ["op": "versioning", "bucket": .string(name), "status": .string(status)]
    }

    static func store(_ object: S3Object, bucket: String) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("op", "store"), ("bucket", .string(bucket)), ("key", .string(object.key)), ("version", .string(object.versionID)),
            ("size", .number(object.size)), ("etag", .string(object.etag)), ("modified", .number(object.lastModified.timeIntervalSince1970)),
            ("headers", pairsValue(object.headers)), ("metadata", pairsValue(object.metadata)),
            ("deleteMarker", .bool(object.isDeleteMarker)), ("parts", .array(object.partSizes.map { .number($0) })),
        ]
        if let checksum = object.checksum {
            fields.append(("checksum", .array([.string(checksum.algorithm.rawValue), .string(checksum.value), .string(checksum.type)])))
        }
        fields.append(bodyField(object.body))
        return .object(fields)
    }

    /// `inline` (Base64) or `file` (its path).
    static func bodyField(_ body: ObjectBody) -> (String, JSONValue) {
        switch body {
        case .bytes(let bytes): return ("inline", .string(Base64.encode(bytes)))
        case .file(let path): return ("file", .string(path))
        }
    }

    static func body(_ record: JSONValue) -> ObjectBody? {
        if let inline = record["inline"]?.stringValue, let bytes = Base64.decode(inline) { return .bytes(bytes) }
        if let file = record["file"]?.stringValue { return .file(path: file) }
        return nil
    }

    static func removeVersion(bucket: String, key: String, versionID: String) -> JSONValue {
        ["op": "removeVersion", "bucket": .string(bucket), "key": .string(key), "version": .string(versionID)]
    }

    static func removeKey(bucket: String, key: String) -> JSONValue {
        ["op": "removeKey", "bucket": .string(bucket), "key": .string(key)]
    }

    struct Unreadable: Error, CustomStringConvertible {
        let index: Int
        var description: String { "record \(index) of the S3 log is not a change this emulator writes" }
    }

    /// `buckets` with `records` applied in order.
    static func replay(_ records: [JSONValue], onto buckets: [String: S3Bucket]) throws(Unreadable) -> [String: S3Bucket] {
        var buckets = buckets
        for (index, record) in records.enumerated() {
            guard let op = record["op"]?.stringValue, let name = record["bucket"]?.stringValue else { throw Unreadable(index: index + 1) }
            switch op {
            case "createBucket":
                guard let region = record["region"]?.stringValue, let created = record["created"]?.doubleValue else { throw Unreadable(index: index + 1) }
                buckets[name] = S3Bucket(name: name, region: region, creationDate: Date(timeIntervalSince1970: created))
            case "deleteBucket":
                buckets[name] = nil
            case "versioning":
                buckets[name]?.versioning = record["status"]?.stringValue
            case "store":
                guard let object = object(record) else { throw Unreadable(index: index + 1) }
                buckets[name]?.store(object)
            case "removeVersion":
                guard let key = record["key"]?.stringValue, let version = record["version"]?.stringValue else { throw Unreadable(index: index + 1) }
                var versions = buckets[name]?.objects[key] ?? []
                versions.removeAll { $0.versionID == version }
                buckets[name]?.objects[key] = versions.isEmpty ? nil : versions
            case "removeKey":
                guard let key = record["key"]?.stringValue else { throw Unreadable(index: index + 1) }
                buckets[name]?.objects[key] = nil
            default:
                guard replayUpload(op, record, bucket: name, onto: &buckets) else { throw Unreadable(index: index + 1) }
            }
        }
        return buckets
    }

    private static func object(_ record: JSONValue) -> S3Object? {
        guard let key = record["key"]?.stringValue, let version = record["version"]?.stringValue,
              let size = record["size"]?.intValue, let etag = record["etag"]?.stringValue,
              let modified = record["modified"]?.doubleValue
        else { return nil }
        guard let body = body(record) else { return nil }
        func pairs(_ name: String) -> [(name: String, value: String)] { Self.pairs(record[name]) }
        var object = S3Object(
            key: key, versionID: version, body: body, size: size, etag: etag, lastModified: Date(timeIntervalSince1970: modified),
            headers: pairs("headers"), metadata: pairs("metadata"))
        object.isDeleteMarker = record["deleteMarker"]?.boolValue ?? false
        object.partSizes = (record["parts"]?.arrayValue ?? []).compactMap(\.intValue)
        if let checksum = record["checksum"]?.arrayValue, checksum.count == 3, let name = checksum[0].stringValue,
           let algorithm = ChecksumAlgorithm(rawValue: name), let value = checksum[1].stringValue, let type = checksum[2].stringValue {
            object.checksum = (algorithm, value, type)
        }
        return object
    }

    /// `[[name, value], …]` back to pairs (malformed entries skipped).
    static func pairs(_ value: JSONValue?) -> [(name: String, value: String)] {
        (value?.arrayValue ?? []).compactMap { pair in
            guard let items = pair.arrayValue, items.count == 2, let n = items[0].stringValue, let v = items[1].stringValue else { return nil }
            return (n, v)
        }
    }

    static func pairsValue(_ pairs: [(name: String, value: String)]) -> JSONValue {
        .array(pairs.map { .array([.string($0.name), .string($0.value)]) })
    }
}
