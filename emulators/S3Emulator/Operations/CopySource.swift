import DrydockHTTP

/// `x-amz-copy-source`: `bucket/key` or `/bucket/key`, URL-encoded, optional `?versionId=`.
struct CopySource: Equatable {
    let bucket: String
    let key: String
    let versionID: String?

    init(_ header: String) throws(S3Error) {
        var text = header
        var versionID: String?
        if let question = text.firstIndex(of: "?") {
            let query = FormEncoding.decode(String(text[text.index(after: question)...]))
            versionID = query.first { $0.name == "versionId" }?.value
            text = String(text[..<question])
        }
        let decoded = PercentEncoding.decode(text, plusAsSpace: false)
        let path = decoded.hasPrefix("/") ? String(decoded.dropFirst()) : decoded
        guard let slash = path.firstIndex(of: "/"), slash > path.startIndex, path.index(after: slash) < path.endIndex else {
            throw S3Error.invalidArgument("Invalid copy source object key", name: "x-amz-copy-source", value: header)
        }
        bucket = String(path[..<slash])
        key = String(path[path.index(after: slash)...])
        self.versionID = versionID
    }
}
