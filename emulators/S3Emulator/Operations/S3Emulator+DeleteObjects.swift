import DrydockCore
import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation

/// DeleteObjects (`POST /bucket?delete`): up to 1,000 keys, each deleted as DeleteObject would, the
/// answer listing each result (only errors in quiet mode).
extension S3Emulator {
    static let maxDeleteObjects = 1000

    func deleteObjects(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        // S3 requires an integrity header on this call: Content-MD5 or a flexible checksum.
        let hasChecksum = call.request.headers.fields.contains { ChecksumAlgorithm(headerName: $0.name) != nil }
            || call.payload.trailers.keys.contains { ChecksumAlgorithm(headerName: $0) != nil }
        guard call.header("Content-MD5") != nil || hasChecksum else {
            throw S3Error.invalidRequest("Missing required header for this request: Content-Md5.")
        }
        _ = try IntegrityCheck.verify(call.payload, headers: call.request.headers)
        let document: XML.Element
        do { document = try XML.Parser.parse(call.payload.bytes) } catch { throw .malformedXML }
        guard document.name == "Delete" else { throw .malformedXML }
        let objects = document.children("Object")
        guard !objects.isEmpty, objects.count <= Self.maxDeleteObjects else { throw .malformedXML }
        let quiet = document.childText("Quiet")?.lowercased() == "true"
        var targets: [(key: String, versionID: String?)] = []
        for object in objects {
            guard let key = object.childText("Key") else { throw .malformedXML }
            targets.append((key, object.childText("VersionId")))
        }
        var released: [ObjectBody] = []
        defer { release(released) }
        let results = try state.withLock { state throws(S3Error) in
            guard state.buckets[call.bucket] != nil else { throw S3Error.noSuchBucket(call.bucket) }
            return targets.map { target -> Result<(Bool, String?), S3Error> in
                do throws(S3Error) {
                    return .success(try delete(
                        target.key, versionID: target.versionID, in: call.bucket, now: call.now, state: &state, released: &released))
                } catch {
                    return .failure(error)
                }
            }
        }
        var xml = XML.Writer()
        xml.element("DeleteResult", namespaced: true) { xml in
            for (target, result) in zip(targets, results) {
                switch result {
                case .success(let (marker, version)):
                    guard !quiet else { continue }
                    xml.element("Deleted") { xml in
                        xml.leaf("Key", target.key)
                        if let requested = target.versionID { xml.leaf("VersionId", requested) }
                        if marker {
                            xml.leaf("DeleteMarker", "true")
                            if target.versionID == nil, let version { xml.leaf("DeleteMarkerVersionId", version) }
                        }
                    }
                case .failure(let error):
                    xml.element("Error") { xml in
                        xml.leaf("Key", target.key)
                        xml.optionalLeaf("VersionId", target.versionID)
                        xml.leaf("Code", error.code)
                        xml.leaf("Message", error.message)
                    }
                }
            }
        }
        return S3Response.xml(xml, ids: call.ids)
    }
}
