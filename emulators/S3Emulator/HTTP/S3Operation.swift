import DrydockHTTP

/// S3's operation names, from the method, the addressing and the sub-resource in the query.
enum S3Operation {
    /// Every operation the emulator answers, for fault rules.
    static let known = [
        "ListBuckets", "CreateBucket", "DeleteBucket", "HeadBucket", "GetBucketLocation", "GetBucketVersioning",
        "PutBucketVersioning", "ListObjects", "ListObjectsV2", "ListObjectVersions", "PutObject", "GetObject",
        "HeadObject", "DeleteObject", "DeleteObjects", "CopyObject", "CreateMultipartUpload", "UploadPart",
        "UploadPartCopy", "ListParts", "ListMultipartUploads", "CompleteMultipartUpload", "AbortMultipartUpload",
    ]

    /// The operation `request` (addressed as `address`) asks for, or nil when S3 has none for it.
    static func name(_ request: HTTPRequest, address: S3Address) -> String? {
        let query = Set(request.queryItems.map(\.name))
        let method = request.method
        guard let _ = address.bucket else { return method == "GET" ? "ListBuckets" : nil }
        guard address.key != nil else {
            switch method {
            case "PUT": return query.contains("versioning") ? "PutBucketVersioning" : (query.isEmpty ? "CreateBucket" : nil)
            case "DELETE": return query.isEmpty ? "DeleteBucket" : nil
            case "HEAD": return "HeadBucket"
            case "POST": return query.contains("delete") ? "DeleteObjects" : nil
            case "GET":
                if query.contains("location") { return "GetBucketLocation" }
                if query.contains("versioning") { return "GetBucketVersioning" }
                if query.contains("versions") { return "ListObjectVersions" }
                if query.contains("uploads") { return "ListMultipartUploads" }
                return request.query("list-type") == "2" ? "ListObjectsV2" : "ListObjects"
            default: return nil
            }
        }
        let copy = request.headers["x-amz-copy-source"] != nil
        switch method {
        case "PUT":
            if query.contains("uploadId") || query.contains("partNumber") { return copy ? "UploadPartCopy" : "UploadPart" }
            return copy ? "CopyObject" : "PutObject"
        case "GET": return query.contains("uploadId") ? "ListParts" : "GetObject"
        case "HEAD": return "HeadObject"
        case "DELETE": return query.contains("uploadId") ? "AbortMultipartUpload" : "DeleteObject"
        case "POST":
            if query.contains("uploads") { return "CreateMultipartUpload" }
            return query.contains("uploadId") ? "CompleteMultipartUpload" : nil
        default: return nil
        }
    }
}
