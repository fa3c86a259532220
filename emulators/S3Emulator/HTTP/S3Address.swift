import DrydockHTTP

/// Which bucket and key a request names, path-style (`/bucket/key`) or virtual-hosted-style
/// (`bucket.s3.<region>.amazonaws.com/key`, `bucket.s3.amazonaws.com`, `bucket.s3-<region>.amazonaws.com`,
/// and `bucket.localhost` for local endpoints).
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

    /// The bucket label of a virtual-hosted S3 host name, or nil for a service endpoint or another host.
    static func virtualHostBucket(_ hostHeader: String) -> String? {
        let host = hostName(hostHeader)
        if host.hasSuffix(".localhost") {
            let bucket = String(host.dropLast(".localhost".count))
            return bucket.isEmpty || bucket.hasPrefix("s3.") ? nil : bucket
        }
        guard let marker = serviceLabelRange(in: host), marker.lowerBound > host.startIndex else { return nil }
        let bucket = String(host[..<host.index(before: marker.lowerBound)])
        return bucket.isEmpty ? nil : bucket
    }

    /// Whether `hostHeader` is an S3 endpoint (service or virtual-hosted).
    static func isS3Host(_ hostHeader: String) -> Bool { serviceLabelRange(in: hostName(hostHeader)) != nil }

    /// The region a regional S3 host name names (`s3.eu-west-1.amazonaws.com`, `s3-eu-west-1…`).
    static func hostRegion(_ hostHeader: String) -> String? {
        let host = hostName(hostHeader)
        guard let range = serviceLabelRange(in: host) else { return nil }
        let label = host[range]
        if label.hasPrefix("s3-") { return String(label.dropFirst(3)) }
        let after = host[range.upperBound...].split(separator: ".")
        guard after.count >= 2, after.first != "amazonaws" else { return nil }
        return String(after[0])
    }

    /// The `s3` / `s3-<region>` label of an `…amazonaws.com[.cn]` host.
    private static func serviceLabelRange(in host: String) -> Range<String.Index>? {
        guard host.hasSuffix(".amazonaws.com") || host.hasSuffix(".amazonaws.com.cn") else { return nil }
        var start = host.startIndex
        while start < host.endIndex {
            let end = host[start...].firstIndex(of: ".") ?? host.endIndex
            let label = host[start..<end]
            if label == "s3" || (label.hasPrefix("s3-") && label != "s3-accesspoint") { return start..<end }
            guard end < host.endIndex else { break }
            start = host.index(after: end)
        }
        return nil
    }

    private static func hostName(_ header: String) -> String {
        var host = header.lowercased()
        if host.hasPrefix("[") { return host }
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        if host.hasSuffix(".") { host.removeLast() }
        return host
    }
}
