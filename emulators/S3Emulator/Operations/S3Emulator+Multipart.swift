import DrydockCore
import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation

/// Multipart uploads: Create, UploadPart, UploadPartCopy, ListParts, ListMultipartUploads, Complete,
/// Abort, with S3's rules: part numbers 1–10,000, every part but the last at least 5 MiB, parts listed
/// in ascending order with their ETags, the ETag of the whole the MD5 of the parts' MD5s with `-<count>`.
extension S3Emulator {
    static let minimumPartSize = 5 * 1024 * 1024
    static let maxPartNumber = 10_000

    func createMultipartUpload(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        try checkKey(call.key)
        let (headers, metadata) = StoredHeaders.from(call.request.headers.fields)
        var algorithm: ChecksumAlgorithm?
        if let name = call.header("x-amz-checksum-algorithm") {
            guard let known = ChecksumAlgorithm(rawValue: name.uppercased()) else {
                throw S3Error.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
            }
            algorithm = known
        }
        let uploadID = Base64URL.encode(SecureRandom.bytes(48))
        try state.withLock { state throws(S3Error) in
            guard state.buckets[call.bucket] != nil else { throw .noSuchBucket(call.bucket) }
            let upload = MultipartUpload(
                uploadID: uploadID, key: call.key, initiated: call.now, headers: headers, metadata: metadata, checksumAlgorithm: algorithm)
            try persist(S3LogRecord.createUpload(upload, bucket: call.bucket), onto: state.buckets)
            state.buckets[call.bucket]?.uploads[uploadID] = upload
        }
        var answer = HTTPHeaders()
        if let algorithm {
            answer.add("x-amz-checksum-algorithm", algorithm.rawValue)
            answer.add("x-amz-checksum-type", "COMPOSITE")
        }
        var xml = XML.Writer()
        xml.element("InitiateMultipartUploadResult", namespaced: true) { xml in
            xml.leaf("Bucket", call.bucket)
            xml.leaf("Key", call.key)
            xml.leaf("UploadId", uploadID)
        }
        return S3Response.xml(xml, ids: call.ids, headers: answer)
    }

    func uploadPart(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        guard let uploadID = call.query("uploadId") else { throw S3Error.invalidRequest("Missing required parameter uploadId") }
        let numberText = call.query("partNumber") ?? ""
        guard numberText.utf8.count <= 6, let number = Int(numberText), (1...Self.maxPartNumber).contains(number) else {
            throw S3Error.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", name: "partNumber", value: numberText)
        }
        let copying = call.operation == "UploadPartCopy"
        var bytes: [UInt8] = []
        var checksum: (ChecksumAlgorithm, String)?
        if !copying, call.payload.spooled != nil {
            return try uploadSpooledPart(call, uploadID: uploadID, number: number)
        }
        if copying {
            let source = try copySourceObject(call)
            var copied = 0..<source.size
            if let range = call.header("x-amz-copy-source-range") {
                guard case .partial(let bounds) = ByteRange.resolve(range, size: source.size), range.contains("-"),
                      !range.hasPrefix("bytes=-"), !range.hasSuffix("-")
                else {
                    throw S3Error.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
                                                  name: "x-amz-copy-source-range", value: range)
                }
                copied = bounds.lowerBound..<(bounds.upperBound + 1)
            }
            guard copied.count <= Self.maxPartSize else { throw .entityTooLarge(size: copied.count, max: Self.maxPartSize) }
            bytes = try read(copied, of: source, key: CopySource(call.header("x-amz-copy-source") ?? "").key)
        } else {
            bytes = call.payload.bytes
            checksum = try IntegrityCheck.verify(call.payload, headers: call.request.headers)
        }
        guard bytes.count <= Self.maxPartSize else { throw .entityTooLarge(size: bytes.count, max: Self.maxPartSize) }
        let etag = "\"\(Hex.encode(Digest.md5(bytes)))\""
        let body = try storedBody(bytes)
        return try removingBody(body) { () throws(S3Error) in
            try keepPart(
                call, uploadID: uploadID, number: number, body: body, size: bytes.count, etag: etag, checksum: checksum, copying: copying
            ) { $0.checksum(bytes) }
        }
    }

    /// UploadPart of a body the server spooled to a file: checked and kept without reading it into memory.
    private func uploadSpooledPart(_ call: S3Call, uploadID: String, number: Int) throws(S3Error) -> HTTPResponse {
        let payload = call.payload
        guard payload.size <= Self.maxPartSize else { throw .entityTooLarge(size: payload.size, max: Self.maxPartSize) }
        let checksum = try IntegrityCheck.verify(payload, headers: call.request.headers)
        let etag = "\"\(Hex.encode(payload.md5()))\""
        let body = try storedBody(payload)
        return try removingBody(body) { () throws(S3Error) in
            try keepPart(
                call, uploadID: uploadID, number: number, body: body, size: payload.size, etag: etag, checksum: checksum, copying: false
            ) { payload.checksum($0) }
        }
    }

    /// The checksum algorithm CreateMultipartUpload named for the upload an UploadPart `request` is for,
    /// so a spooled part's single pass computes it too (`RequestPayload.decode(_:signature:alsoCompute:)`).
    func uploadChecksumAlgorithm(_ request: HTTPRequest, operation: String, address: S3Address) -> ChecksumAlgorithm? {
        guard operation == "UploadPart", let bucket = address.bucket, let uploadID = request.query("uploadId") else { return nil }
        return state.withLock { $0.buckets[bucket]?.uploads[uploadID]?.checksumAlgorithm }
    }

    /// Records part `number` of `uploadID` and answers UploadPart (or UploadPartCopy).
    private func keepPart(
        _ call: S3Call, uploadID: String, number: Int, body: ObjectBody, size: Int, etag: String,
        checksum supplied: (ChecksumAlgorithm, String)?, copying: Bool, checksumOf: (ChecksumAlgorithm) -> String
    ) throws(S3Error) -> HTTPResponse {
        var checksum = supplied
        // The checksum the upload requires, computed before the lock is taken (an upload's algorithm never
        // changes; an upload gone meanwhile is NoSuchUpload below).
        if checksum == nil, !copying, let required = state.withLock({ $0.buckets[call.bucket]?.uploads[uploadID]?.checksumAlgorithm }) {
            checksum = (required, checksumOf(required))
        }
        var replaced: ObjectBody?
        let upload = try state.withLock { state throws(S3Error) -> MultipartUpload in
            guard state.buckets[call.bucket] != nil else { throw .noSuchBucket(call.bucket) }
            guard var upload = state.buckets[call.bucket]?.uploads[uploadID], upload.key == call.key else { throw .noSuchUpload(uploadID) }
            let part = UploadedPart(number: number, body: body, size: size, etag: etag, lastModified: call.now, checksum: checksum?.1)
            try persist(S3LogRecord.uploadPart(part, uploadID: uploadID, bucket: call.bucket), onto: state.buckets)
            replaced = upload.parts[number]?.body
            upload.parts[number] = part
            state.buckets[call.bucket]?.uploads[uploadID] = upload
            return upload
        }
        release([replaced].compactMap { $0 })
        var headers = HTTPHeaders()
        headers.add("x-amz-server-side-encryption", "AES256")
        if copying {
            var xml = XML.Writer()
            xml.element("CopyPartResult", namespaced: true) { xml in
                xml.leaf("LastModified", S3Response.timestamp(call.now))
                xml.leaf("ETag", etag)
            }
            return S3Response.xml(xml, ids: call.ids, headers: headers)
        }
        headers.add("ETag", etag)
        if let checksum, upload.checksumAlgorithm == nil || upload.checksumAlgorithm == checksum.0 {
            headers.add(checksum.0.headerName, checksum.1)
        }
        return S3Response.empty(ids: call.ids, headers: headers)
    }

    /// 5 GiB, S3's largest part.
    static let maxPartSize = 5 * 1024 * 1024 * 1024

    func completeMultipartUpload(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let uploadID = call.query("uploadId") ?? ""
        let document: XML.Element
        do { document = try XML.Parser.parse(call.payload.bytes) } catch { throw .malformedXML }
        guard document.name == "CompleteMultipartUpload" else { throw .malformedXML }
        var requested: [(number: Int, etag: String)] = []
        for part in document.children("Part") {
            guard let numberText = part.childText("PartNumber"), numberText.utf8.count <= 6, let number = Int(numberText),
                  let etag = part.childText("ETag")
            else { throw .malformedXML }
            requested.append((number, etag))
        }
        guard !requested.isEmpty else {
            throw S3Error(code: "MalformedXML", message: S3Error.malformedXML.message, status: 400)
        }
        let upload = try state.withLock { state throws(S3Error) -> MultipartUpload in
            guard let bucket = state.buckets[call.bucket] else { throw .noSuchBucket(call.bucket) }
            guard let upload = bucket.uploads[uploadID], upload.key == call.key else { throw .noSuchUpload(uploadID) }
            return upload
        }
        var parts: [UploadedPart] = []
        for (index, item) in requested.enumerated() {
            if index > 0 && item.number <= requested[index - 1].number { throw S3Error.invalidPartOrder }
            guard let part = upload.parts[item.number], Preconditions.matches(item.etag, part.etag) else { throw S3Error.invalidPart }
            parts.append(part)
        }
        for part in parts.dropLast() where part.size < Self.minimumPartSize {
            var error = S3Error.entityTooSmall(size: part.size, min: Self.minimumPartSize)
            error.details += [("PartNumber", String(part.number)), ("ETag", part.etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))]
            throw error
        }
        let size = parts.reduce(0) { $0 + $1.size }
        let md5s = parts.flatMap { Hex.decode($0.etag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) ?? [] }
        let etag = "\"\(Hex.encode(Digest.md5(md5s)))-\(parts.count)\""
        // The parts joined, with the whole object's CRC-64/NVME (S3's checksum when the upload named none):
        // under --data-dir a large object is copied part file by part file, never all in memory.
        var wholeCRC: UInt64 = 0
        let body: ObjectBody
        if let store, size > S3DataStore.fileThreshold {
            do {
                body = try store.concatenate(parts.map(\.body)) { wholeCRC = CRC64NVME.update(wholeCRC, $0) }
            } catch {
                try checkPartsUnchanged(parts, of: uploadID, in: call.bucket)
                FileHandle.standardError.write(Data("s3: completed object not stored: \(error)\n".utf8))
                throw .internalError
            }
        } else {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(size)
            for part in parts { bytes += part.body.bytes }
            wholeCRC = CRC64NVME.checksum(bytes)
            body = try storedBody(bytes)
        }
        var object = S3Object(
            key: call.key, versionID: "null", body: body, size: size, etag: etag, lastModified: call.now,
            headers: upload.headers, metadata: upload.metadata)
        object.partSizes = parts.map(\.size)
        if let algorithm = upload.checksumAlgorithm {
            let composite = algorithm.checksum(parts.flatMap { part in
                part.checksum.flatMap(Base64.decode) ?? algorithm.digest(part.body.bytes)
            })
            object.checksum = (algorithm, "\(composite)-\(parts.count)", "COMPOSITE")
        } else {
            object.checksum = (.crc64nvme, Base64.encode(ChecksumAlgorithm.bigEndian(wholeCRC, count: 8)), "FULL_OBJECT")
        }
        var ended: MultipartUpload?
        let kept = try removingBody(body) { () throws(S3Error) -> S3Object in
            ended = try state.withLock { state throws(S3Error) -> MultipartUpload in
                // The upload may have been completed or aborted meanwhile.
                guard let current = state.buckets[call.bucket]?.uploads[uploadID] else { throw .noSuchUpload(uploadID) }
                try persist(S3LogRecord.endUpload(uploadID, bucket: call.bucket), onto: state.buckets)
                state.buckets[call.bucket]?.uploads[uploadID] = nil
                return current
            }
            return try store(object, in: call.bucket)
        }
        // Every part the upload had when it ended (parts may have been added since it was read above).
        release(ended?.parts.values.map(\.body) ?? [])
        var headers = HTTPHeaders()
        if kept.versionID != "null" { headers.add("x-amz-version-id", kept.versionID) }
        headers.add("x-amz-server-side-encryption", "AES256")
        var xml = XML.Writer()
        xml.element("CompleteMultipartUploadResult", namespaced: true) { xml in
            xml.leaf("Location", "/\(call.bucket)/\(S3URLEncoding.encode(call.key))")
            xml.leaf("Bucket", call.bucket)
            xml.leaf("Key", call.key)
            xml.leaf("ETag", etag)
            if let checksum = kept.checksum, upload.checksumAlgorithm != nil {
                xml.leaf(checksum.algorithm.elementName, checksum.value)
                xml.leaf("ChecksumType", checksum.type)
            }
        }
        return S3Response.xml(xml, ids: call.ids, headers: headers)
    }

    /// After a part's file could not be read: a concurrent Complete or Abort ended the upload (its part files
    /// are removed), or a part was uploaded again. S3's answer for that, not a 500.
    private func checkPartsUnchanged(_ parts: [UploadedPart], of uploadID: String, in bucket: String) throws(S3Error) {
        try state.withLock { state throws(S3Error) in
            guard let current = state.buckets[bucket]?.uploads[uploadID] else { throw .noSuchUpload(uploadID) }
            if parts.contains(where: { current.parts[$0.number]?.body != $0.body }) { throw .invalidPart }
        }
    }

    func abortMultipartUpload(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let uploadID = call.query("uploadId") ?? ""
        let aborted = try state.withLock { state throws(S3Error) -> MultipartUpload in
            guard state.buckets[call.bucket] != nil else { throw .noSuchBucket(call.bucket) }
            guard let upload = state.buckets[call.bucket]?.uploads[uploadID], upload.key == call.key else { throw .noSuchUpload(uploadID) }
            try persist(S3LogRecord.endUpload(uploadID, bucket: call.bucket), onto: state.buckets)
            state.buckets[call.bucket]?.uploads[uploadID] = nil
            return upload
        }
        release(aborted.parts.values.map(\.body))
        return S3Response.empty(204, ids: call.ids)
    }

    func listParts(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let uploadID = call.query("uploadId") ?? ""
        let maxParts = try Self.maxKeys(call.query("max-parts"), name: "max-parts")
        let markerText = call.query("part-number-marker") ?? "0"
        guard markerText.utf8.count <= 6, let marker = Int(markerText) else {
            throw S3Error.invalidArgument("Provided part-number-marker not an integer or within integer range", name: "part-number-marker", value: markerText)
        }
        let upload = try state.withLock { state throws(S3Error) -> MultipartUpload in
            guard let bucket = state.buckets[call.bucket] else { throw .noSuchBucket(call.bucket) }
            guard let upload = bucket.uploads[uploadID], upload.key == call.key else { throw .noSuchUpload(uploadID) }
            return upload
        }
        let all = upload.parts.values.filter { $0.number > marker }.sorted { $0.number < $1.number }
        let shown = all.prefix(maxParts)
        let truncated = all.count > shown.count
        var xml = XML.Writer()
        xml.element("ListPartsResult", namespaced: true) { xml in
            xml.leaf("Bucket", call.bucket)
            xml.leaf("Key", call.key)
            xml.leaf("UploadId", uploadID)
            xml.leaf("PartNumberMarker", String(marker))
            if let last = shown.last { xml.leaf("NextPartNumberMarker", String(last.number)) }
            xml.leaf("MaxParts", String(maxParts))
            xml.leaf("IsTruncated", truncated ? "true" : "false")
            Self.writeOwner(&xml)
            xml.element("Initiator") { xml in
                xml.leaf("ID", Self.ownerID)
                xml.leaf("DisplayName", Self.ownerName)
            }
            xml.leaf("StorageClass", "STANDARD")
            if let algorithm = upload.checksumAlgorithm {
                xml.leaf("ChecksumAlgorithm", algorithm.rawValue)
                xml.leaf("ChecksumType", "COMPOSITE")
            }
            for part in shown {
                xml.element("Part") { xml in
                    xml.leaf("PartNumber", String(part.number))
                    xml.leaf("LastModified", S3Response.timestamp(part.lastModified))
                    xml.leaf("ETag", part.etag)
                    xml.leaf("Size", String(part.size))
                    if let algorithm = upload.checksumAlgorithm, let checksum = part.checksum { xml.leaf(algorithm.elementName, checksum) }
                }
            }
        }
        return S3Response.xml(xml, ids: call.ids)
    }

    func listMultipartUploads(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let bucket = try existingBucket(call.bucket)
        let prefix = call.query("prefix") ?? ""
        let maxUploads = try Self.maxKeys(call.query("max-uploads"), name: "max-uploads")
        let keyMarker = call.query("key-marker") ?? ""
        let uploads = bucket.uploads.values
            .filter { $0.key.hasPrefix(prefix) && (keyMarker.isEmpty || keyMarker.utf8.lexicographicallyPrecedes($0.key.utf8)) }
            .sorted { ($0.key, $0.initiated) < ($1.key, $1.initiated) }
        let shown = uploads.prefix(maxUploads)
        var xml = XML.Writer()
        xml.element("ListMultipartUploadsResult", namespaced: true) { xml in
            xml.leaf("Bucket", call.bucket)
            xml.leaf("KeyMarker", keyMarker)
            xml.leaf("UploadIdMarker", call.query("upload-id-marker") ?? "")
            if let last = shown.last, uploads.count > shown.count {
                xml.leaf("NextKeyMarker", last.key)
                xml.leaf("NextUploadIdMarker", last.uploadID)
            }
            xml.leaf("Prefix", prefix)
            xml.leaf("MaxUploads", String(maxUploads))
            xml.leaf("IsTruncated", uploads.count > shown.count ? "true" : "false")
            for upload in shown {
                xml.element("Upload") { xml in
                    xml.leaf("Key", upload.key)
                    xml.leaf("UploadId", upload.uploadID)
                    xml.element("Initiator") { xml in
                        xml.leaf("ID", Self.ownerID)
                        xml.leaf("DisplayName", Self.ownerName)
                    }
                    Self.writeOwner(&xml)
                    xml.leaf("StorageClass", "STANDARD")
                    xml.leaf("Initiated", S3Response.timestamp(upload.initiated))
                }
            }
        }
        return S3Response.xml(xml, ids: call.ids)
    }
}
