import DrydockHTTP
import EmulatorKit

/// Which bucket and key a request names, path-style (`/bucket/key`) or virtual-hosted-style
/// (`bucket.s3.<region>.amazonaws.com/key` and the other forms of `S3HostName`, and `bucket.localhost`
/// for local endpoints).
struct S3Address: Equatable {
    /// nil: the service itself (ListBuckets).
    let bucket: String?
    /// nil: the bucket itself. Decoded from the path; may be any string, `""` excluded.
    let key: String?
    /// Whether the bucket came from the Host header.
    let virtualHosted: Bool

    init(bucket: String?, key: String?, virtualHosted: Bool) {
        self.bucket = bucket
        self.key = key
        self.virtualHosted = virtualHosted
    }

    init(_ request: HTTPRequest) {
        let path = PercentEncoding.decode(request.rawPath, plusAsSpace: false)
        let rest = path.hasPrefix("/") ? String(path.dropFirst()) : path
        if let host = request.headers["Host"], let bucket = Self.virtualHostBucket(host) {
            self.init(bucket: bucket, key: rest.isEmpty ? nil : rest, virtualHosted: true)
            return
        }
        guard !rest.isEmpty else {
            self.init(bucket: nil, key: nil, virtualHosted: false)
            return
        }
        if let slash = rest.firstIndex(of: "/") {
            let key = String(rest[rest.index(after: slash)...])
            self.init(bucket: String(rest[..<slash]), key: key.isEmpty ? nil : key, virtualHosted: false)
        } else {
            self.init(bucket: rest, key: nil, virtualHosted: false)
        }
    }

    /// The bucket of a virtual-hosted S3 host name (`S3HostName`, which interception shares), or nil for a
    /// service endpoint or another host.
    static func virtualHostBucket(_ hostHeader: String) -> String? {
        let host = hostName(hostHeader)
        if host.hasSuffix(".localhost") {
            let bucket = String(host.dropLast(".localhost".count))
            return bucket.isEmpty || bucket.hasPrefix("s3.") ? nil : bucket
        }
        return S3HostName(host)?.bucket
    }

    /// Whether `hostHeader` is an S3 endpoint (service or virtual-hosted).
    static func isS3Host(_ hostHeader: String) -> Bool { S3HostName(hostName(hostHeader)) != nil }

    /// The region a regional S3 host name names (`s3.eu-west-1.amazonaws.com`, `s3-eu-west-1…`).
    static func hostRegion(_ hostHeader: String) -> String? { S3HostName(hostName(hostHeader))?.region }

    private static func hostName(_ header: String) -> String {
        var host = header.lowercased()
        if host.hasPrefix("[") { return host }
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        if host.hasSuffix(".") { host.removeLast() }
        return host
    }
}
