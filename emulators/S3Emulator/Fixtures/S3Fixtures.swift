import DrydockCore
import DrydockCrypto
import EmulatorKit
import Foundation

/// The S3 part of a fixture set:
/// - `s3/<region>/<bucket>/<key path>`: every file below a bucket folder is an object whose key is its
///   path inside the folder (`a/b.json`), Content-Type from the extension;
/// - `s3/<region>/<bucket>/bucket.json` (optional, not an object): `{"versioning": "Enabled"}` or
///   `"Suspended"`;
/// - `s3/credentials.json` (optional): `{"accessKeys": {"<access key id>": "<secret>"}}`.
enum S3Fixtures {
    static func load(fixturesDirectory: String, now: Date) throws(FixtureError) -> [String: S3Bucket] {
        let root = (fixturesDirectory as NSString).appendingPathComponent("s3")
        let files = FileManager.default
        var buckets: [String: S3Bucket] = [:]
        for region in (try? files.contentsOfDirectory(atPath: root))?.sorted() ?? [] {
            let regionPath = (root as NSString).appendingPathComponent(region)
            guard isDirectory(regionPath) else { continue }
            for name in (try? files.contentsOfDirectory(atPath: regionPath))?.sorted() ?? [] {
                let bucketPath = (regionPath as NSString).appendingPathComponent(name)
                guard isDirectory(bucketPath) else { continue }
                guard BucketName.isValid(name) else {
                    throw FixtureError(path: bucketPath, reason: "\"\(name)\" is not a valid S3 bucket name")
                }
                guard buckets[name] == nil else { throw FixtureError(path: bucketPath, reason: "bucket \(name) is defined in two regions") }
                buckets[name] = try bucket(name, region: region, path: bucketPath, now: now)
            }
        }
        return buckets
    }

    private static func bucket(_ name: String, region: String, path: String, now: Date) throws(FixtureError) -> S3Bucket {
        var bucket = S3Bucket(name: name, region: region, creationDate: now)
        let settingsPath = (path as NSString).appendingPathComponent("bucket.json")
        if FileManager.default.fileExists(atPath: settingsPath) {
            let settings = try FixtureFile.loadJSON(settingsPath)
            if let versioning = settings["versioning"] {
                guard let text = versioning.stringValue, text == "Enabled" || text == "Suspended" else {
                    throw FixtureError(path: settingsPath, reason: "versioning: expected \"Enabled\" or \"Suspended\"")
                }
                bucket.versioning = text
            }
        }
        let enumerator = FileManager.default.enumerator(atPath: path)
        var keys: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            let full = (path as NSString).appendingPathComponent(relative)
            guard !isDirectory(full), relative != "bucket.json" else { continue }
            keys.append(relative)
        }
        for key in keys.sorted() {
            let full = (path as NSString).appendingPathComponent(key)
            guard let data = FileManager.default.contents(atPath: full) else {
                throw FixtureError(path: full, reason: "cannot be read")
            }
            let bytes = Array(data)
            var object = S3Object(
                key: key, versionID: bucket.versioning == "Enabled" ? "fixture" : "null", body: .bytes(bytes), size: bytes.count,
                etag: "\"\(Hex.encode(Digest.md5(bytes)))\"", lastModified: now,
                headers: [("Content-Type", contentType(of: key))])
            object.checksum = (.crc64nvme, ChecksumAlgorithm.crc64nvme.checksum(bytes), "FULL_OBJECT")
            bucket.store(object)
        }
        return bucket
    }

    static func staticKeys(fixturesDirectory: String) throws(FixtureError) -> [String: String] {
        let path = ((fixturesDirectory as NSString).appendingPathComponent("s3") as NSString).appendingPathComponent("credentials.json")
        return try FixtureFile.loadAccessKeys(path)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    static func contentType(of key: String) -> String {
        switch (key as NSString).pathExtension.lowercased() {
        case "json": "application/json"
        case "txt": "text/plain"
        case "gz": "application/gzip"
        case "csv": "text/csv"
        case "html": "text/html"
        case "xml": "application/xml"
        default: "binary/octet-stream"
        }
    }
}

/// S3's bucket naming rules (general purpose buckets): 3–63 characters of lower-case letters, digits,
/// dots and hyphens, starting and ending with a letter or digit, no `..`, not an IP address, none of
/// the reserved prefixes and suffixes.
enum BucketName {
    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        guard bytes.allSatisfy({ alnum($0) || $0 == 0x2E || $0 == 0x2D }), alnum(bytes[0]), alnum(bytes[bytes.count - 1]) else { return false }
        guard !name.contains(".."), !name.contains(".-"), !name.contains("-.") else { return false }
        let octets = name.split(separator: ".")
        if octets.count == 4 && octets.allSatisfy({ UInt8($0) != nil }) { return false }
        for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] where name.hasPrefix(prefix) { return false }
        for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3"] where name.hasSuffix(suffix) { return false }
        return true
    }
}
