import Foundation

/// One bucket: its region, versioning state, objects (every version, newest first) and multipart
/// uploads in progress.
struct S3Bucket: Sendable {
    let name: String
    let region: String
    let creationDate: Date
    /// nil: never enabled; "Enabled" or "Suspended".
    var versioning: String?
    var objects: [String: [S3Object]] = [:]
    var uploads: [String: MultipartUpload] = [:]

    /// The current version of `key` (possibly a delete marker).
    func latest(_ key: String) -> S3Object? { objects[key]?.first }

    /// Keys in S3's order (UTF-8 binary).
    var sortedKeys: [String] { objects.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    /// Adds `object` as the newest version: with versioning enabled it keeps the others; otherwise
    /// it replaces the `null` version. Returns the bodies no version refers to any more.
    @discardableResult
    mutating func store(_ object: S3Object) -> [ObjectBody] {
        var versions = objects[object.key] ?? []
        var replaced: [ObjectBody] = []
        if object.versionID == "null" {
            replaced = versions.filter { $0.versionID == "null" }.map(\.body)
            versions.removeAll { $0.versionID == "null" }
        }
        versions.insert(object, at: 0)
        objects[object.key] = versions
        return replaced
    }

    /// The bodies of every version and every upload's parts (a deleted bucket's).
    var allBodies: [ObjectBody] {
        objects.values.flatMap { $0.map(\.body) } + uploads.values.flatMap { $0.parts.values.map(\.body) }
    }

    /// Whether the bucket holds any version or delete marker.
    var isEmpty: Bool { objects.isEmpty }
}

/// A multipart upload in progress.
struct MultipartUpload: Sendable {
    let uploadID: String
    let key: String
    let initiated: Date
    var headers: [(name: String, value: String)]
    var metadata: [(name: String, value: String)]
    var checksumAlgorithm: ChecksumAlgorithm?
    var parts: [Int: UploadedPart] = [:]
}

/// One part of an upload: its bytes in memory, or (large parts under `--data-dir`) in a file.
struct UploadedPart: Sendable {
    let number: Int
    let body: ObjectBody
    let size: Int
    let etag: String
    let lastModified: Date
    let checksum: String?
}
