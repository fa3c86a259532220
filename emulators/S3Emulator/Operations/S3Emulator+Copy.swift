import DrydockCore
import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation

/// CopyObject: the source's bytes under a new key, metadata copied or replaced
/// (`x-amz-metadata-directive`), with the `x-amz-copy-source-if-*` conditions.
extension S3Emulator {
    func copyObject(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        try checkKey(call.key)
        let source = try copySourceObject(call)
        let directive = call.header("x-amz-metadata-directive") ?? "COPY"
        guard directive == "COPY" || directive == "REPLACE" else {
            throw S3Error.invalidArgument("Unknown metadata directive.", name: "x-amz-metadata-directive", value: directive)
        }
        let sourceAddress = try CopySource(call.header("x-amz-copy-source") ?? "")
        if directive == "COPY" && sourceAddress.bucket == call.bucket && sourceAddress.key == call.key
            && sourceAddress.versionID == nil && call.header("x-amz-storage-class") == nil {
            throw S3Error.invalidRequest(
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
        }
        var object = source
        object.key = call.key
        object.lastModified = call.now
        if directive == "REPLACE" {
            (object.headers, object.metadata) = StoredHeaders.from(call.request.headers.fields)
        } else if let storageClass = call.header("x-amz-storage-class") {
            object.headers.removeAll { $0.name == "x-amz-storage-class" }
            object.headers.append(("x-amz-storage-class", storageClass))
        }
        // A file of its own (a hard link): deleting the source or the copy never takes the other's bytes.
        do {
            object.body = try store?.link(source.body) ?? source.body
        } catch is S3DataStore.SourceGone {
            throw .noSuchKey(sourceAddress.key)
        } catch {
            FileHandle.standardError.write(Data("s3: copy not stored: \(error)\n".utf8))
            throw .internalError
        }
        let body = object.body
        let stored = try removingBody(body) { () throws(S3Error) in try store(object, in: call.bucket) }
        var headers = HTTPHeaders()
        if stored.versionID != "null" { headers.add("x-amz-version-id", stored.versionID) }
        if source.versionID != "null" { headers.add("x-amz-copy-source-version-id", source.versionID) }
        headers.add("x-amz-server-side-encryption", "AES256")
        var xml = XML.Writer()
        xml.element("CopyObjectResult", namespaced: true) { xml in
            xml.leaf("LastModified", S3Response.timestamp(stored.lastModified))
            xml.leaf("ETag", stored.etag)
            if let checksum = stored.checksum {
                xml.leaf("ChecksumType", checksum.type)
                xml.leaf(checksum.algorithm.elementName, checksum.value)
            }
        }
        return S3Response.xml(xml, ids: call.ids, headers: headers)
    }

    /// The object `x-amz-copy-source` names, after the copy-source conditions.
    func copySourceObject(_ call: S3Call) throws(S3Error) -> S3Object {
        let source = try CopySource(call.header("x-amz-copy-source") ?? "")
        let object: S3Object = try state.withLock { state throws(S3Error) in
            guard let bucket = state.buckets[source.bucket] else { throw .noSuchBucket(source.bucket) }
            guard let versions = bucket.objects[source.key] else { throw .noSuchKey(source.key) }
            if let versionID = source.versionID {
                guard let found = versions.first(where: { $0.versionID == versionID }) else {
                    throw .noSuchVersion(key: source.key, versionID: versionID)
                }
                if found.isDeleteMarker {
                    throw S3Error.invalidRequest("The source of a copy request may not specifically refer to a delete marker by version id.")
                }
                return found
            }
            guard !versions[0].isDeleteMarker else { throw .noSuchKey(source.key) }
            return versions[0]
        }
        switch Preconditions.evaluate(call.request.headers, etag: object.etag, lastModified: object.lastModified, prefix: "x-amz-copy-source-") {
        case .proceed: return object
        case .notModified: throw S3Error.preconditionFailed("x-amz-copy-source-If-None-Match")
        case .failed(let condition): throw S3Error.preconditionFailed(condition)
        }
    }
}
