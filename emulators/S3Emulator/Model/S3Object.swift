import Foundation

/// Where an object's bytes are: in memory, or (large objects under `--data-dir`) in a file.
enum ObjectBody: Sendable, Equatable {
    case bytes([UInt8])
    case file(path: String)
}

/// One version of one key: its bytes and everything S3 returns about it.
struct S3Object: Sendable {
    var key: String
    /// `"null"` for objects written while versioning was never enabled or was suspended.
    var versionID: String
    var body: ObjectBody
    var size: Int
    /// With its quotes, as S3 sends it: `"<md5 hex>"` or `"<md5 of md5s>-<parts>"`.
    var etag: String
    var lastModified: Date
    /// Content-Type, Content-Encoding, Content-Disposition, Content-Language, Cache-Control, Expires,
    /// storage class and server-side encryption headers, as given.
    var headers: [(name: String, value: String)] = []
    /// `x-amz-meta-*` (names lower-cased, prefix kept).
    var metadata: [(name: String, value: String)] = []
    /// The flexible checksum stored with the object (the one supplied, else CRC64NVME as S3 computes by
    /// default), with its type: FULL_OBJECT, or COMPOSITE for multipart uploads.
    var checksum: (algorithm: ChecksumAlgorithm, value: String, type: String)?
    var isDeleteMarker = false
    /// Parts of a multipart object (their sizes), for `partNumber` reads and parts count.
    var partSizes: [Int] = []

    var contentType: String { header("Content-Type") ?? "binary/octet-stream" }
    var storageClass: String { header("x-amz-storage-class") ?? "STANDARD" }

    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    static func deleteMarker(key: String, versionID: String, at date: Date) -> S3Object {
        S3Object(key: key, versionID: versionID, body: .bytes([]), size: 0, etag: "", lastModified: date, isDeleteMarker: true)
    }
}

/// The headers an object keeps from its PUT (and returns on GET/HEAD).
enum StoredHeaders {
    static let names = [
        "Content-Type", "Content-Encoding", "Content-Disposition", "Content-Language", "Cache-Control", "Expires",
        "x-amz-storage-class", "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id",
        "x-amz-server-side-encryption-bucket-key-enabled", "x-amz-website-redirect-location",
    ]

    /// The stored headers and user metadata of a request. `aws-chunked` is a transfer detail, not the
    /// object's encoding: S3 drops it from Content-Encoding.
    static func from(_ fields: [(name: String, value: String)]) -> (headers: [(name: String, value: String)], metadata: [(name: String, value: String)]) {
        var headers: [(name: String, value: String)] = []
        var metadata: [(name: String, value: String)] = []
        for name in names {
            guard var value = fields.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame })?.value else { continue }
            if name == "Content-Encoding" {
                value = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0 != "aws-chunked" }.joined(separator: ",")
                if value.isEmpty { continue }
            }
            headers.append((name, value))
        }
        for field in fields where field.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata.append((field.name.lowercased(), field.value))
        }
        return (headers, metadata)
    }
}
