import DrydockCore
import DrydockCrypto
import DrydockHTTP

/// What HeadObject tells about an object.
public struct S3ObjectInfo: Sendable, Equatable {
    public var size: Int
    public var eTag: String
    /// `x-amz-checksum-sha256` (base64) when the object has a whole-object SHA-256 checksum.
    public var checksumSHA256: String?
    /// User metadata (`x-amz-meta-*`), names lowercased without the prefix.
    public var metadata: [String: String]
}

/// One object of a listing.
public struct S3ListedObject: Sendable, Equatable {
    public var key: String
    public var size: Int
    public var eTag: String
}

extension S3Client {
    /// PutObject with `x-amz-checksum-sha256` (S3 refuses the body with `BadDigest` when it arrived changed),
    /// `Content-Type` and user `metadata`. Returns the ETag.
    @discardableResult
    public func putObject(
        bucket: String, key: String, body: [UInt8], contentType: String = "application/octet-stream",
        metadata: [(String, String)] = []
    ) throws -> String {
        let call = Call(
            operation: "PutObject", method: "PUT", bucket: bucket, key: key,
            headers: [("Content-Type", contentType), ("x-amz-checksum-sha256", Base64.encode(SHA256.hash(body)))]
                + metadata.map { ("x-amz-meta-" + $0.0, $0.1) },
            body: body)
        return try send(call).headers["ETag"] ?? ""
    }

    /// HeadObject (with `x-amz-checksum-mode: ENABLED`); nil when there is no such object.
    public func headObject(bucket: String, key: String) throws -> S3ObjectInfo? {
        let call = Call(operation: "HeadObject", method: "HEAD", bucket: bucket, key: key, headers: [("x-amz-checksum-mode", "ENABLED")])
        let response: HTTPResponse
        do {
            response = try send(call)
        } catch let error as S3Error where error.status == 404 && error.code != "NoSuchBucket" {
            return nil
        }
        var metadata: [String: String] = [:]
        for (name, value) in response.headers where name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(name.lowercased().dropFirst("x-amz-meta-".count))] = value
        }
        guard let size = response.headers["Content-Length"].flatMap({ Int($0) }), size >= 0 else {
            throw S3Error(
                code: "InvalidResponse", message: "HeadObject answered without a Content-Length", status: response.status,
                operation: "HeadObject", bucket: bucket, key: key, region: endpoint.region)
        }
        return S3ObjectInfo(
            size: size, eTag: response.headers["ETag"] ?? "", checksumSHA256: response.headers["x-amz-checksum-sha256"],
            metadata: metadata)
    }

    /// HeadBucket: succeeds when the bucket exists in this region and the credentials may use it.
    /// - Throws: ``S3Error`` `NoSuchBucket`, `AccessDenied`, or a wrong region (with `bucketRegion`).
    public func headBucket(_ bucket: String) throws {
        _ = try send(Call(operation: "HeadBucket", method: "HEAD", bucket: bucket))
    }

    /// GetObject: the object's bytes.
    /// - Throws: ``S3Error`` `NoSuchKey` when it is missing.
    public func getObject(bucket: String, key: String) throws -> [UInt8] {
        try send(Call(operation: "GetObject", method: "GET", bucket: bucket, key: key)).body
    }

    /// ListObjectsV2 under `prefix`, following continuation tokens (a repeated token stops the loop).
    public func listObjects(bucket: String, prefix: String) throws -> [S3ListedObject] {
        var objects: [S3ListedObject] = []
        var token: String?
        var seen: Set<String> = []
        while true {
            var query: [(String, String?)] = [("list-type", "2"), ("prefix", prefix)]
            if let token { query.append(("continuation-token", token)) }
            let call = Call(operation: "ListObjectsV2", method: "GET", bucket: bucket, query: query)
            let result = try document(try send(call), call)
            for entry in result.children("Contents") {
                guard let key = entry.childText("Key"), let size = entry.childText("Size").flatMap({ Int($0) }) else { continue }
                objects.append(S3ListedObject(key: key, size: size, eTag: entry.childText("ETag") ?? ""))
            }
            guard result.childText("IsTruncated") == "true", let next = result.childText("NextContinuationToken"), !next.isEmpty else {
                return objects
            }
            guard seen.insert(next).inserted else {
                throw S3Error(
                    code: "InvalidResponse", message: "ListObjectsV2 repeated a continuation token; stopping", status: 200,
                    operation: "ListObjectsV2", bucket: bucket, key: nil, region: endpoint.region)
            }
            token = next
        }
    }
}
