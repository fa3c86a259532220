import DrydockCore
import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation
import IMDSEmulator
import Synchronization

/// Amazon S3 (REST XML, SigV4 service `s3`), offline.
///
/// Implemented: ListBuckets, CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation,
/// Get/PutBucketVersioning, PutObject, GetObject (Range, conditional headers), HeadObject, DeleteObject,
/// DeleteObjects, CopyObject, ListObjects (v1 and v2), ListObjectVersions, and multipart uploads
/// (Create, UploadPart, UploadPartCopy, ListParts, ListMultipartUploads, Complete, Abort).
///
/// - Addressing: path-style and virtual-hosted-style (see `S3Address`).
/// - Signatures: SigV4 by header or query (`S3Authenticator`); `aws-chunked` bodies with chunk
///   signatures or unsigned trailers (`AWSChunkedDecoder`); Content-MD5 and `x-amz-checksum-*`
///   (`IntegrityCheck`).
/// - Fixtures: `<set>/s3/<region>/<bucket>/…` (every file an object, except `bucket.json`, the bucket's
///   settings) and `<set>/s3/credentials.json` (long-term keys); see `S3Fixtures`.
/// - Thread-safe: all state is one value behind one lock; every request is atomic.
public final class S3Emulator: ServiceEmulator {
    public let service = "s3"
    let clock: WallClock
    let authenticator: S3Authenticator
    let loadedBuckets: [String: S3Bucket]
    let state: Mutex<State>
    /// The requests answered so far, for their ids: apart from `state`, so `bodyPolicy(forHead:)`, which
    /// runs on the server's event loop, never waits for the state lock.
    let requestSequence = Atomic<UInt64>(0)
    /// The data directory's log and large objects' files (`--data-dir`); nil keeps everything in memory.
    let store: S3DataStore?
    /// The files `loadedBuckets` refers to: kept while the emulator runs, since `reset()` returns to them.
    let loadedFiles: Set<String>

    struct State {
        var buckets: [String: S3Bucket]
        var versionSequence: UInt64 = 0
    }

    /// The largest single PUT S3 accepts (5 GiB); the edge's body limit is lower in practice.
    static let maxObjectSize = 5 * 1024 * 1024 * 1024
    static let maxKeyBytes = 1024

    init(
        clock: WallClock, keys: AWSRequestKeys, buckets: [String: S3Bucket], store: S3DataStore? = nil,
        signingKeys: SigningKeyCache = .shared
    ) {
        self.clock = clock
        self.authenticator = S3Authenticator(keys: keys, signingKeys: signingKeys)
        self.loadedBuckets = buckets
        self.store = store
        loadedFiles = Self.files(of: buckets)
        state = Mutex(State(buckets: buckets))
    }

    /// An emulator over `<fixturesDirectory>/s3/`, accepting the keys of `s3/credentials.json` and every
    /// key `authority` (the IMDS emulator's) issued.
    ///
    /// With `dataDirectory`, state lives in `<dataDirectory>/s3` (see `S3DataStore`): every change is
    /// durable before it is answered, objects larger than `S3DataStore.fileThreshold` are files, and a
    /// restart (after SIGKILL too) finds everything acknowledged. Past `compactionThreshold` bytes of
    /// log (16 MiB by default) the state becomes a new snapshot and the log restarts.
    public convenience init(
        fixturesDirectory: String, clock: WallClock, authority: IMDSCredentialAuthority?, dataDirectory: String? = nil,
        staticKeys: [String: String] = [:], compactionThreshold: Int = 16 << 20
    ) throws(FixtureError) {
        let keys = try S3Fixtures.staticKeys(fixturesDirectory: fixturesDirectory).merging(staticKeys) { $1 }
        var buckets = try S3Fixtures.load(fixturesDirectory: fixturesDirectory, now: clock.now())
        var store: S3DataStore?
        if let dataDirectory {
            let path = (dataDirectory as NSString).appendingPathComponent("s3")
            do {
                let (opened, recovered) = try S3DataStore.open(path: path, compactionThreshold: compactionThreshold)
                if let snapshot = recovered.snapshot { buckets = try S3LogRecord.replay(snapshot, onto: [:]) }
                buckets = try S3LogRecord.replay(recovered.records, onto: buckets)
                opened.removeFiles(keeping: Self.files(of: buckets))
                store = opened
            } catch {
                throw FixtureError(path: path, reason: "S3 data cannot be used: \(error)")
            }
        }
        self.init(clock: clock, keys: AWSRequestKeys(staticKeys: keys, authority: authority), buckets: buckets, store: store)
    }

    /// The object and part files `buckets` refer to.
    static func files(of buckets: [String: S3Bucket]) -> Set<String> {
        Set(buckets.values.flatMap { $0.allBodies.compactMap(\.filePath) })
    }

    /// Removes the files of `bodies`, which no object version or part refers to any more (their change is
    /// logged and applied). Called after the state lock is released: a GetObject opened its file under
    /// the lock, so it keeps reading the bytes (see `HTTPOpenFile`). The loaded state's files stay.
    func release(_ bodies: [ObjectBody]) {
        guard let store else { return }
        store.remove(files: bodies.compactMap(\.filePath).filter { !loadedFiles.contains($0) })
    }

    /// Makes a change durable before it is applied to `buckets` (a no-op without a data directory). When
    /// the log has grown past its threshold, a new snapshot is written (`S3DataStore`): the records of
    /// `buckets`, then the change's own record, which a start replays like every other.
    func persist(_ record: @autoclosure () -> JSONValue, onto buckets: @autoclosure () -> [String: S3Bucket]) throws(S3Error) {
        guard let store else { return }
        let record = record()
        do {
            try store.append(record) { Self.records(of: buckets()) + [record] }
        } catch {
            FileHandle.standardError.write(Data("s3: change not persisted: \(error)\n".utf8))
            throw .internalError
        }
    }

    // MARK: ServiceEmulator

    /// Requests signed for `s3` (header or query) and requests to an S3 host name.
    public func claims(_ request: HTTPRequest) -> Bool {
        if let authorization = request.headers["Authorization"] {
            return SigV4Authorization.isScoped(authorization, toService: "s3")
        }
        if let credential = request.query("X-Amz-Credential") { return credential.hasSuffix("/s3/aws4_request") }
        if let host = request.headers["Host"] { return S3Address.isS3Host(host) || S3Address.virtualHostBucket(host) != nil }
        return false
    }

    public func operation(for request: HTTPRequest) -> String {
        S3Operation.name(request, address: S3Address(request)) ?? "unknown"
    }

    public var knownOperations: [String] { S3Operation.known }

    /// The region of the signature's credential scope, else the host's (us-east-1 without either).
    public func region(of request: HTTPRequest) -> String? {
        if let authorization = request.headers["Authorization"], let region = SigV4Authorization.credentialRegion(in: authorization) {
            return region
        }
        if let credential = request.query("X-Amz-Credential") {
            let parts = credential.split(separator: "/")
            if parts.count == 5 { return String(parts[2]) }
        }
        return request.headers["Host"].flatMap(S3Address.hostRegion) ?? "us-east-1"
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let ids = nextIDs()
        do throws(S3Error) {
            return try answer(request, ids: ids)
        } catch {
            return error.response(ids: ids, method: request.method)
        }
    }

    /// Routing, authentication, payload decoding, then the operation.
    private func answer(_ request: HTTPRequest, ids: S3RequestIDs) throws(S3Error) -> HTTPResponse {
        let address = S3Address(request)
        guard let operation = S3Operation.name(request, address: address) else { throw S3Error.methodNotAllowed }
        let now = clock.now()
        let signature = try authenticator.authenticate(request, now: now)
        let payload = try RequestPayload.decode(
            request, signature: signature, alsoCompute: request.bodyFile == nil ? nil : uploadChecksumAlgorithm(request, operation: operation, address: address))
        let call = S3Call(request: request, address: address, operation: operation, signature: signature, payload: payload, now: now, ids: ids)
        if let bucket = address.bucket, operation != "CreateBucket", operation != "GetBucketLocation" {
            try checkRegion(of: bucket, call: call)
        }
        return try dispatch(call)
    }

    private func dispatch(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        switch call.operation {
        case "ListBuckets": return listBuckets(call)
        case "CreateBucket": return try createBucket(call)
        case "DeleteBucket": return try deleteBucket(call)
        case "HeadBucket": return try headBucket(call)
        case "GetBucketLocation": return try getBucketLocation(call)
        case "GetBucketVersioning": return try getBucketVersioning(call)
        case "PutBucketVersioning": return try putBucketVersioning(call)
        case "ListObjects", "ListObjectsV2": return try listObjects(call)
        case "ListObjectVersions": return try listObjectVersions(call)
        case "PutObject": return try putObject(call)
        case "GetObject", "HeadObject": return try getObject(call)
        case "DeleteObject": return try deleteObject(call)
        case "DeleteObjects": return try deleteObjects(call)
        case "CopyObject": return try copyObject(call)
        case "CreateMultipartUpload": return try createMultipartUpload(call)
        case "UploadPart", "UploadPartCopy": return try uploadPart(call)
        case "ListParts": return try listParts(call)
        case "ListMultipartUploads": return try listMultipartUploads(call)
        case "CompleteMultipartUpload": return try completeMultipartUpload(call)
        case "AbortMultipartUpload": return try abortMultipartUpload(call)
        default: throw S3Error.methodNotAllowed
        }
    }

    /// A request signed for another region than the bucket's: S3's AuthorizationHeaderMalformed naming
    /// the right region (botocore's redirector reads it and retries there).
    private func checkRegion(of bucket: String, call: S3Call) throws(S3Error) {
        guard let region = state.withLock({ $0.buckets[bucket]?.region }), region != call.signature.region else { return }
        var error = S3Error(
            code: "AuthorizationHeaderMalformed",
            message: "The authorization header is malformed; the region '\(call.signature.region)' is wrong; expecting '\(region)'",
            status: 400, details: [("Region", region)])
        // What botocore's redirector reads when the answer has no body (HeadBucket, HeadObject).
        error.headers = [("x-amz-bucket-region", region)]
        throw error
    }

    /// Back to the buckets as loaded at start (fixtures, with a data directory's log replayed); with a
    /// data directory, the log then holds exactly that state again.
    public func reset() {
        state.withLock { state in
            state.buckets = loadedBuckets
            state.versionSequence = 0
            do {
                try store?.startGeneration(Self.records(of: loadedBuckets))
                store?.removeFiles(keeping: loadedFiles)
            } catch {
                FileHandle.standardError.write(Data("s3: reset not persisted: \(error)\n".utf8))
            }
        }
    }

    /// Records that rebuild `buckets` from nothing.
    static func records(of buckets: [String: S3Bucket]) -> [JSONValue] {
        buckets.values.sorted { $0.name < $1.name }.flatMap { bucket -> [JSONValue] in
            var records = [S3LogRecord.createBucket(bucket)]
            if let versioning = bucket.versioning { records.append(S3LogRecord.versioning(bucket.name, status: versioning)) }
            for key in bucket.sortedKeys {
                for object in (bucket.objects[key] ?? []).reversed() { records.append(S3LogRecord.store(object, bucket: bucket.name)) }
            }
            for upload in bucket.uploads.values.sorted(by: { $0.uploadID < $1.uploadID }) {
                records.append(S3LogRecord.createUpload(upload, bucket: bucket.name))
                for part in upload.parts.values.sorted(by: { $0.number < $1.number }) {
                    records.append(S3LogRecord.uploadPart(part, uploadID: upload.uploadID, bucket: bucket.name))
                }
            }
            return records
        }
    }

    public func endpointVariables(baseURL: String) -> [(name: String, value: String)] {
        [("AWS_ENDPOINT_URL_S3", baseURL)]
    }

    /// The ids of the next answer (lock-free: see `requestSequence`).
    func nextIDs() -> S3RequestIDs {
        S3RequestIDs(sequence: requestSequence.wrappingAdd(1, ordering: .relaxed).newValue)
    }

    /// A new version id: 32 URL-safe characters, increasing so the newest sorts last in ties.
    func newVersionID(_ state: inout State) -> String {
        state.versionSequence += 1
        let hex = String(state.versionSequence, radix: 16)
        return "v" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex + Base64URL.encode(SecureRandom.bytes(12))
    }
}

/// One request's inputs, after routing, authentication and payload decoding.
struct S3Call {
    let request: HTTPRequest
    let address: S3Address
    let operation: String
    let signature: S3Signature
    let payload: RequestPayload
    let now: Date
    let ids: S3RequestIDs

    var bucket: String { address.bucket ?? "" }
    var key: String { address.key ?? "" }
    func query(_ name: String) -> String? { request.query(name) }
    func header(_ name: String) -> String? { request.headers[name] }
}
