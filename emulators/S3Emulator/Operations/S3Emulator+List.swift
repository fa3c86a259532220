import DrydockCore
import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation

/// ListObjects (v1) and ListObjectsV2.
extension S3Emulator {
    func listObjects(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let v2 = call.operation == "ListObjectsV2"
        let bucket = try existingBucket(call.bucket)
        let prefix = call.query("prefix") ?? ""
        let delimiter = call.query("delimiter").flatMap { $0.isEmpty ? nil : $0 }
        let maxKeys = try Self.maxKeys(call.query("max-keys"))
        let encode = try Self.encodingType(call.query("encoding-type"))
        var after: String?
        let token = call.query("continuation-token")
        if v2 {
            if let token {
                guard let decoded = Base64.decode(token), let key = String(bytes: decoded, encoding: .utf8), !token.isEmpty else {
                    throw S3Error.invalidArgument("The continuation token provided is incorrect", name: "continuation-token", value: token)
                }
                after = key
            } else {
                after = call.query("start-after").flatMap { $0.isEmpty ? nil : $0 }
            }
        } else {
            after = call.query("marker").flatMap { $0.isEmpty ? nil : $0 }
        }
        let liveKeys = bucket.sortedKeys.filter { bucket.latest($0).map { !$0.isDeleteMarker } ?? false }
        let walk = ListingWalk(prefix: prefix, delimiter: delimiter, maxKeys: maxKeys)
        let (entries, truncated) = walk.walk(liveKeys, after: after)
        let fetchOwner = !v2 || call.query("fetch-owner") == "true"
        let show = { (text: String) in encode ? S3URLEncoding.encode(text) : text }
        var xml = XML.Writer()
        xml.element("ListBucketResult", namespaced: true) { xml in
            xml.leaf("Name", bucket.name)
            xml.leaf("Prefix", show(prefix))
            if v2 {
                if let token { xml.leaf("ContinuationToken", token) }
                if let start = call.query("start-after") { xml.leaf("StartAfter", show(start)) }
                xml.leaf("KeyCount", String(entries.count))
            } else {
                xml.leaf("Marker", show(call.query("marker") ?? ""))
            }
            xml.leaf("MaxKeys", String(maxKeys))
            if let delimiter { xml.leaf("Delimiter", show(delimiter)) }
            if encode { xml.leaf("EncodingType", "url") }
            xml.leaf("IsTruncated", truncated ? "true" : "false")
            if truncated, let last = entries.last {
                let lastName: String = switch last { case .key(let key): key; case .commonPrefix(let prefix): prefix }
                if v2 {
                    xml.leaf("NextContinuationToken", Base64.encode(Array(lastName.utf8)))
                } else if delimiter != nil {
                    xml.leaf("NextMarker", show(lastName))
                }
            }
            for entry in entries {
                switch entry {
                case .key(let key):
                    guard let object = bucket.latest(key) else { continue }
                    xml.element("Contents") { xml in
                        xml.leaf("Key", show(key))
                        xml.leaf("LastModified", S3Response.timestamp(object.lastModified))
                        xml.leaf("ETag", object.etag)
                        if let checksum = object.checksum {
                            xml.leaf("ChecksumAlgorithm", checksum.algorithm.rawValue)
                            xml.leaf("ChecksumType", checksum.type)
                        }
                        xml.leaf("Size", String(object.size))
                        if fetchOwner { Self.writeOwner(&xml) }
                        xml.leaf("StorageClass", object.storageClass)
                    }
                case .commonPrefix(let common):
                    xml.element("CommonPrefixes") { $0.leaf("Prefix", show(common)) }
                }
            }
        }
        return S3Response.xml(xml, ids: call.ids)
    }

    static func writeOwner(_ xml: inout XML.Writer) {
        xml.element("Owner") { xml in
            xml.leaf("ID", ownerID)
            xml.leaf("DisplayName", ownerName)
        }
    }

    /// `max-keys`: 0…1000 (larger values list 1000, as S3 does); not a number is InvalidArgument.
    static func maxKeys(_ text: String?, name: String = "max-keys") throws(S3Error) -> Int {
        guard let text else { return 1000 }
        guard text.utf8.count <= 10, let value = Int(text), value >= 0 else {
            throw S3Error.invalidArgument("Provided \(name) not an integer or within integer range", name: name, value: text)
        }
        return min(value, 1000)
    }

    static func encodingType(_ text: String?) throws(S3Error) -> Bool {
        guard let text else { return false }
        guard text == "url" else { throw S3Error.invalidArgument("Invalid Encoding Method specified in Request", name: "encoding-type", value: text) }
        return true
    }
}

/// `encoding-type=url`: keys percent-encoded as S3 writes them (unreserved characters and `/` kept).
enum S3URLEncoding {
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let keep = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E || byte == 0x2F
            if keep { out.unicodeScalars.append(Unicode.Scalar(byte)) } else { out += String(format: "%%%02X", byte) }
        }
        return out
    }
}
