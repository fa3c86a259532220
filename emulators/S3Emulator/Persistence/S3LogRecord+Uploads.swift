import DrydockCore
import Foundation

/// The log records of multipart uploads in progress: created, a part stored (a later one with the same
/// number replaces it), ended (completed or aborted; a completion's object follows as a `store`).
extension S3LogRecord {
    static func createUpload(_ upload: MultipartUpload, bucket: String) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("op", "createUpload"), ("bucket", .string(bucket)), ("upload", .string(upload.uploadID)), ("key", .string(upload.key)),
            ("initiated", .number(upload.initiated.timeIntervalSince1970)),
            ("headers", pairsValue(upload.headers)), ("metadata", pairsValue(upload.metadata)),
        ]
        if let algorithm = upload.checksumAlgorithm { fields.append(("checksumAlgorithm", .string(algorithm.rawValue))) }
        return .object(fields)
    }

    static func uploadPart(_ part: UploadedPart, uploadID: String, bucket: String) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("op", "uploadPart"), ("bucket", .string(bucket)), ("upload", .string(uploadID)), ("number", .number(part.number)),
            ("size", .number(part.size)), ("etag", .string(part.etag)), ("modified", .number(part.lastModified.timeIntervalSince1970)),
        ]
        if let checksum = part.checksum { fields.append(("checksum", .string(checksum))) }
        fields.append(bodyField(part.body))
        return .object(fields)
    }

    static func endUpload(_ uploadID: String, bucket: String) -> JSONValue {
        ["op": "endUpload", "bucket": .string(bucket), "upload": .string(uploadID)]
    }

    /// Applies an upload record to `buckets`; false when `op` is not one or the record is malformed.
    static func replayUpload(_ op: String, _ record: JSONValue, bucket name: String, onto buckets: inout [String: S3Bucket]) -> Bool {
        guard let uploadID = record["upload"]?.stringValue else { return false }
        switch op {
        case "createUpload":
            guard let key = record["key"]?.stringValue, let initiated = record["initiated"]?.doubleValue else { return false }
            var algorithm: ChecksumAlgorithm?
            if let text = record["checksumAlgorithm"]?.stringValue {
                guard let known = ChecksumAlgorithm(rawValue: text) else { return false }
                algorithm = known
            }
            buckets[name]?.uploads[uploadID] = MultipartUpload(
                uploadID: uploadID, key: key, initiated: Date(timeIntervalSince1970: initiated),
                headers: pairs(record["headers"]), metadata: pairs(record["metadata"]), checksumAlgorithm: algorithm)
            return true
        case "uploadPart":
            guard let number = record["number"]?.intValue, let size = record["size"]?.intValue, let etag = record["etag"]?.stringValue,
                  let modified = record["modified"]?.doubleValue, let body = body(record)
            else { return false }
            buckets[name]?.uploads[uploadID]?.parts[number] = UploadedPart(
                number: number, body: body, size: size, etag: etag, lastModified: Date(timeIntervalSince1970: modified),
                checksum: record["checksum"]?.stringValue)
            return true
        case "endUpload":
            buckets[name]?.uploads[uploadID] = nil
            return true
        default:
            return false
        }
    }
}
