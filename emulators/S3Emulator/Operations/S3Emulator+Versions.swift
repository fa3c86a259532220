import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation

/// ListObjectVersions: every version and delete marker, newest first within a key.
extension S3Emulator {
    func listObjectVersions(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let bucket = try existingBucket(call.bucket)
        let prefix = call.query("prefix") ?? ""
        let delimiter = call.query("delimiter").flatMap { $0.isEmpty ? nil : $0 }
        let maxKeys = try Self.maxKeys(call.query("max-keys"))
        let encode = try Self.encodingType(call.query("encoding-type"))
        let keyMarker = call.query("key-marker").flatMap { $0.isEmpty ? nil : $0 }
        let versionMarker = call.query("version-id-marker").flatMap { $0.isEmpty ? nil : $0 }
        // Walk keys from the marker key itself (its later versions may remain), then versions.
        let keys = bucket.sortedKeys.filter { key in keyMarker.map { !key.utf8.lexicographicallyPrecedes($0.utf8) } ?? true }
        var entries: [(object: S3Object?, prefix: String?)] = []
        var truncated = false
        var lastPrefix: String?
        outer: for key in keys where key.hasPrefix(prefix) {
            if let delimiter, let range = key.dropFirst(prefix.count).range(of: delimiter) {
                let common = prefix + key.dropFirst(prefix.count)[..<range.upperBound]
                if common == lastPrefix || keyMarker.map({ $0.hasPrefix(common) }) == true { continue }
                if entries.count == maxKeys { truncated = true; break }
                lastPrefix = common
                entries.append((nil, common))
                continue
            }
            var versions = bucket.objects[key] ?? []
            if key == keyMarker {
                guard let versionMarker, let index = versions.firstIndex(where: { $0.versionID == versionMarker }) else { continue }
                versions = Array(versions[(index + 1)...])
            }
            for version in versions {
                if entries.count == maxKeys { truncated = true; break outer }
                entries.append((version, nil))
            }
        }
        let show = { (text: String) in encode ? S3URLEncoding.encode(text) : text }
        var xml = XML.Writer()
        xml.element("ListVersionsResult", namespaced: true) { xml in
            xml.leaf("Name", bucket.name)
            xml.leaf("Prefix", show(prefix))
            xml.leaf("KeyMarker", show(keyMarker ?? ""))
            xml.leaf("VersionIdMarker", versionMarker ?? "")
            if truncated, let last = entries.last {
                if let object = last.object {
                    xml.leaf("NextKeyMarker", show(object.key))
                    xml.leaf("NextVersionIdMarker", object.versionID)
                } else if let common = last.prefix {
                    xml.leaf("NextKeyMarker", show(common))
                }
            }
            xml.leaf("MaxKeys", String(maxKeys))
            if let delimiter { xml.leaf("Delimiter", show(delimiter)) }
            if encode { xml.leaf("EncodingType", "url") }
            xml.leaf("IsTruncated", truncated ? "true" : "false")
            for entry in entries {
                if let object = entry.object {
                    let isLatest = bucket.latest(object.key)?.versionID == object.versionID
                    xml.element(object.isDeleteMarker ? "DeleteMarker" : "Version") { xml in
                        xml.leaf("Key", show(object.key))
                        xml.leaf("VersionId", object.versionID)
                        xml.leaf("IsLatest", isLatest ? "true" : "false")
                        xml.leaf("LastModified", S3Response.timestamp(object.lastModified))
                        if !object.isDeleteMarker {
                            xml.leaf("ETag", object.etag)
                            if let checksum = object.checksum {
                                xml.leaf("ChecksumAlgorithm", checksum.algorithm.rawValue)
                                xml.leaf("ChecksumType", checksum.type)
                            }
                            xml.leaf("Size", String(object.size))
                            xml.leaf("StorageClass", object.storageClass)
                        }
                        Self.writeOwner(&xml)
                    }
                } else if let common = entry.prefix {
                    xml.element("CommonPrefixes") { $0.leaf("Prefix", show(common)) }
                }
            }
        }
        return S3Response.xml(xml, ids: call.ids)
    }
}
