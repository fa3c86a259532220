import DrydockCore
import DrydockCrypto
import DrydockHTTP
import Foundation

/// PutObject, GetObject, HeadObject, DeleteObject.
extension S3Emulator {
    func putObject(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        try checkKey(call.key)
        let payload = call.payload
        guard payload.size <= Self.maxObjectSize else { throw .entityTooLarge(size: payload.size, max: Self.maxObjectSize) }
        let supplied = try IntegrityCheck.verify(payload, headers: call.request.headers)
        let (headers, metadata) = StoredHeaders.from(call.request.headers.fields)
        let checksum = supplied ?? (.crc64nvme, payload.checksum(.crc64nvme))
        let body = try storedBody(payload)
        var object = S3Object(
            key: call.key, versionID: "null", body: body, size: payload.size, etag: "\"\(Hex.encode(payload.md5()))\"",
            lastModified: call.now, headers: headers, metadata: metadata)
        object.checksum = (checksum.0, checksum.1, "FULL_OBJECT")
        let stored = try removingBody(body) { () throws(S3Error) in try store(object, in: call.bucket, conditions: call.request.headers) }
        var answer = HTTPHeaders()
        answer.add("ETag", stored.etag)
        if stored.versionID != "null" { answer.add("x-amz-version-id", stored.versionID) }
        answer.add(checksum.0.headerName, checksum.1)
        answer.add("x-amz-checksum-type", "FULL_OBJECT")
        answer.add("x-amz-server-side-encryption", stored.header("x-amz-server-side-encryption") ?? "AES256")
        return S3Response.empty(ids: call.ids, headers: answer)
    }

    /// Stores `object` as the newest version of its key (a version id when the bucket is versioned),
    /// after PutObject's conditional-write headers (`If-None-Match: *`, `If-Match`).
    /// A version this replaces (the `null` one) has its file released.
    func store(_ object: S3Object, in bucketName: String, conditions: HTTPHeaders = [:]) throws(S3Error) -> S3Object {
        var replaced: [ObjectBody] = []
        defer { release(replaced) }
        return try state.withLock { state throws(S3Error) in
            guard var bucket = state.buckets[bucketName] else { throw .noSuchBucket(bucketName) }
            let current = bucket.latest(object.key).flatMap { $0.isDeleteMarker ? nil : $0 }
            if let ifNoneMatch = conditions["If-None-Match"] {
                guard ifNoneMatch.trimmingCharacters(in: .whitespaces) == "*" else {
                    throw S3Error.notImplemented("If-None-Match")
                }
                if current != nil { throw S3Error.preconditionFailed("If-None-Match") }
            }
            if let ifMatch = conditions["If-Match"] {
                guard let current else { throw S3Error.noSuchKey(object.key) }
                guard Preconditions.matches(ifMatch, current.etag) else { throw S3Error.preconditionFailed("If-Match") }
            }
            var stored = object
            stored.versionID = bucket.versioning == "Enabled" ? newVersionID(&state) : "null"
            try persist(S3LogRecord.store(stored, bucket: bucketName), onto: state.buckets)
            replaced = bucket.store(stored)
            state.buckets[bucketName] = bucket
            return stored
        }
    }

    func getObject(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let versionID = call.query("versionId")
        // A file body is opened under the lock: a delete or overwrite after it removes the file, and this
        // answer still serves the bytes it found.
        let (object, opened) = try state.withLock { state throws(S3Error) -> (S3Object, HTTPOpenFile?) in
            guard let bucket = state.buckets[call.bucket] else { throw .noSuchBucket(call.bucket) }
            guard let versions = bucket.objects[call.key] else {
                if let versionID { throw S3Error.noSuchVersion(key: call.key, versionID: versionID) }
                throw S3Error.noSuchKey(call.key)
            }
            var found = versions[0]
            if let versionID {
                guard let version = versions.first(where: { $0.versionID == versionID }) else {
                    throw S3Error.noSuchVersion(key: call.key, versionID: versionID)
                }
                found = version
            }
            guard let path = found.body.filePath, !found.isDeleteMarker else { return (found, nil) }
            guard let opened = HTTPOpenFile(path: path) else { throw S3Error.internalError }
            return (found, opened)
        }
        if object.isDeleteMarker {
            var error = versionID == nil ? S3Error.noSuchKey(call.key) : S3Error.methodNotAllowed
            if versionID != nil { error.details = [("Method", call.request.method), ("ResourceType", "DeleteMarker")] }
            var response = error.response(ids: call.ids, method: call.request.method)
            response.headers.add("x-amz-delete-marker", "true")
            response.headers.add("x-amz-version-id", object.versionID)
            return response
        }
        var headers = objectHeaders(object, call: call)
        switch Preconditions.evaluate(call.request.headers, etag: object.etag, lastModified: object.lastModified) {
        case .proceed: break
        case .notModified:
            var notModified = HTTPHeaders()
            for name in ["ETag", "Last-Modified", "x-amz-version-id"] { if let value = headers[name] { notModified.add(name, value) } }
            return S3Response.empty(304, ids: call.ids, headers: notModified)
        case .failed(let condition): throw S3Error.preconditionFailed(condition)
        }
        // HEAD answers like GET, body included: the transport sends the length and drops the body (as
        // the Google emulators' HEAD does), so clients see the object's Content-Length.
        var served = 0..<object.size
        var status = 200
        if let rangeHeader = call.header("Range") {
            switch ByteRange.resolve(rangeHeader, size: object.size) {
            case .whole: break
            case .unsatisfiable: throw S3Error.invalidRange(requested: rangeHeader, size: object.size)
            case .partial(let range):
                status = 206
                served = range.lowerBound..<(range.upperBound + 1)
                headers.set("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound)/\(object.size)")
                // A part of the object: the whole object's checksum would not validate it, so S3 sends none.
                if let checksum = object.checksum {
                    headers.remove(checksum.algorithm.headerName)
                    headers.remove("x-amz-checksum-type")
                }
                headers.set("Content-Length", String(range.count))
            }
        }
        for (parameter, header) in Self.responseOverrides {
            if let value = call.query(parameter) { headers.set(header, value) }
        }
        var response = S3Response.empty(status, ids: call.ids, headers: headers)
        switch object.body {
        case .bytes(let bytes):
            response.body = served.count == bytes.count ? bytes : Array(bytes[served])
        case .file(let path):
            // Served from the file by the transport, never read into memory here.
            response.file = HTTPResponseFile(path: path, offset: UInt64(served.lowerBound), length: UInt64(served.count), opened: opened)
        }
        return response
    }

    /// GetObject's `response-*` query parameters and the headers they replace.
    static let responseOverrides = [
        ("response-content-type", "Content-Type"), ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"), ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"), ("response-content-encoding", "Content-Encoding"),
    ]

    /// The headers GetObject and HeadObject send for `object`.
    func objectHeaders(_ object: S3Object, call: S3Call) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add("Last-Modified", HTTPDate.format(object.lastModified))
        headers.add("ETag", object.etag)
        headers.add("Accept-Ranges", "bytes")
        headers.add("Content-Type", object.contentType)
        headers.add("Content-Length", String(object.size))
        for header in object.headers where header.name != "Content-Type" && header.name != "x-amz-storage-class" {
            headers.add(header.name, header.value)
        }
        if object.header("x-amz-server-side-encryption") == nil { headers.add("x-amz-server-side-encryption", "AES256") }
        if object.storageClass != "STANDARD" { headers.add("x-amz-storage-class", object.storageClass) }
        for meta in object.metadata { headers.add(meta.name, meta.value) }
        if object.versionID != "null" { headers.add("x-amz-version-id", object.versionID) }
        if !object.partSizes.isEmpty { headers.add("x-amz-mp-parts-count", String(object.partSizes.count)) }
        if call.header("x-amz-checksum-mode")?.uppercased() == "ENABLED", let checksum = object.checksum {
            headers.add(checksum.algorithm.headerName, checksum.value)
            headers.add("x-amz-checksum-type", checksum.type)
        }
        return headers
    }

    func deleteObject(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        var released: [ObjectBody] = []
        defer { release(released) }
        let result = try state.withLock { state throws(S3Error) in
            try delete(call.key, versionID: call.query("versionId"), in: call.bucket, now: call.now, state: &state, released: &released)
        }
        var headers = HTTPHeaders()
        if result.deleteMarker { headers.add("x-amz-delete-marker", "true") }
        if let version = result.versionID { headers.add("x-amz-version-id", version) }
        return S3Response.empty(204, ids: call.ids, headers: headers)
    }

    /// Deletes `key` (a version of it with `versionID`) as S3 does: an unversioned bucket drops the
    /// object; a versioned one adds a delete marker; a version id removes exactly that version. A
    /// missing key is not an error. The bodies no version refers to any more are added to `released`.
    func delete(
        _ key: String, versionID: String?, in bucketName: String, now: Date, state: inout State, released: inout [ObjectBody]
    ) throws(S3Error) -> (deleteMarker: Bool, versionID: String?) {
        guard var bucket = state.buckets[bucketName] else { throw .noSuchBucket(bucketName) }
        defer { state.buckets[bucketName] = bucket }
        if let versionID {
            guard var versions = bucket.objects[key], let index = versions.firstIndex(where: { $0.versionID == versionID }) else {
                if versionID != "null" && !Self.isVersionIDShaped(versionID) {
                    throw S3Error.invalidArgument("Invalid version id specified", name: "versionId", value: versionID)
                }
                return (false, versionID)
            }
            try persist(S3LogRecord.removeVersion(bucket: bucketName, key: key, versionID: versionID), onto: state.buckets)
            let removed = versions.remove(at: index)
            released.append(removed.body)
            bucket.objects[key] = versions.isEmpty ? nil : versions
            return (removed.isDeleteMarker, versionID)
        }
        switch bucket.versioning {
        case nil:
            if let versions = bucket.objects[key] {
                try persist(S3LogRecord.removeKey(bucket: bucketName, key: key), onto: state.buckets)
                released += versions.map(\.body)
            }
            bucket.objects[key] = nil
            return (false, nil)
        default:
            let versionID = bucket.versioning == "Enabled" ? newVersionID(&state) : "null"
            let marker = S3Object.deleteMarker(key: key, versionID: versionID, at: now)
            try persist(S3LogRecord.store(marker, bucket: bucketName), onto: state.buckets)
            released += bucket.store(marker)
            return (true, versionID)
        }
    }

    static func isVersionIDShaped(_ text: String) -> Bool { text.utf8.count >= 16 && text.utf8.count <= 1024 }

    func checkKey(_ key: String) throws(S3Error) {
        guard key.utf8.count <= Self.maxKeyBytes else { throw .keyTooLong }
    }

    /// The body to keep for a request's payload: a spooled one's file moved into the data directory
    /// (read into memory without one), else as for `storedBody(_:)` of its bytes.
    func storedBody(_ payload: RequestPayload) throws(S3Error) -> ObjectBody {
        guard let spooled = payload.spooled else { return try storedBody(payload.bytes) }
        guard let store else {
            return .bytes(HTTPResponseFile(path: spooled.file.path, offset: 0, length: UInt64(spooled.size)).read())
        }
        do { return try store.adopt(spooled.file) } catch {
            FileHandle.standardError.write(Data("s3: body not stored: \(error)\n".utf8))
            throw .internalError
        }
    }

    /// `work`, and when it fails the file of `body` (stored for an object or part that `work` did not
    /// keep: no bucket, a failed condition, no upload) removed, so nothing is left that no record names.
    func removingBody<T>(_ body: ObjectBody, _ work: () throws(S3Error) -> T) throws(S3Error) -> T {
        do {
            return try work()
        } catch {
            release([body])
            throw error
        }
    }

    /// Bytes `range` of `object` (a copy's source, read after the lock was released): NoSuchKey for
    /// `key` when its file was removed meanwhile (the object was deleted before this copy read it).
    func read(_ range: Range<Int>, of object: S3Object, key: String) throws(S3Error) -> [UInt8] {
        switch object.body {
        case .bytes(let bytes):
            return range == 0..<bytes.count ? bytes : Array(bytes[range])
        case .file(let path):
            guard let opened = HTTPOpenFile(path: path) else { throw .noSuchKey(key) }
            let bytes = HTTPResponseFile(path: path, offset: UInt64(range.lowerBound), length: UInt64(range.count), opened: opened).read()
            guard bytes.count == range.count else { throw .internalError }
            return bytes
        }
    }

    /// The body to keep for `bytes`: a file under the data directory when large, else memory.
    func storedBody(_ bytes: [UInt8]) throws(S3Error) -> ObjectBody {
        guard let store else { return .bytes(bytes) }
        do { return try store.body(for: bytes) } catch { throw .internalError }
    }
}
