import DrydockCore
import DrydockCrypto
import DrydockHTTP

extension S3Client {
    /// S3's smallest part (every part but the last).
    public static let minimumPartSize = 5 << 20
    /// S3's largest part number.
    public static let maximumParts = 10_000

    /// Uploads `body` as a multipart upload of `partSize`-byte parts (each with `Content-MD5`, which S3
    /// checks): CreateMultipartUpload, UploadPart…, CompleteMultipartUpload. Any failure aborts the upload
    /// (AbortMultipartUpload, best effort) so no parts are left behind, then throws. Returns the ETag.
    @discardableResult
    public func putObjectMultipart(
        bucket: String, key: String, body: [UInt8], partSize: Int, contentType: String = "application/octet-stream",
        metadata: [(String, String)] = []
    ) throws -> String {
        precondition(partSize >= Self.minimumPartSize, "S3 refuses parts under 5 MiB")
        let (quotient, remainder) = body.count.quotientAndRemainder(dividingBy: partSize)
        let partCount = max(1, quotient + (remainder > 0 ? 1 : 0))
        guard partCount <= Self.maximumParts else {
            throw S3Error(
                code: "EntityTooLarge", message: "\(body.count) bytes need \(partCount) parts of \(partSize); S3 allows \(Self.maximumParts)",
                status: nil, operation: "CreateMultipartUpload", bucket: bucket, key: key, region: endpoint.region)
        }
        let create = Call(
            operation: "CreateMultipartUpload", method: "POST", bucket: bucket, key: key, query: [("uploads", nil)],
            headers: [("Content-Type", contentType)] + metadata.map { ("x-amz-meta-" + $0.0, $0.1) })
        guard let uploadID = try document(try send(create), create).childText("UploadId"), !uploadID.isEmpty else {
            throw S3Error(
                code: "InvalidResponse", message: "CreateMultipartUpload answered without an UploadId", status: 200,
                operation: "CreateMultipartUpload", bucket: bucket, key: key, region: endpoint.region)
        }
        do {
            var eTags: [String] = []
            for number in 1...partCount {
                let start = (number - 1) * partSize
                let part = Array(body[start..<min(body.count, start + partSize)])
                let call = Call(
                    operation: "UploadPart", method: "PUT", bucket: bucket, key: key,
                    query: [("partNumber", String(number)), ("uploadId", uploadID)],
                    headers: [("Content-MD5", Base64.encode(Digest.md5(part)))], body: part)
                eTags.append(try send(call).headers["ETag"] ?? "")
            }
            var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            for (index, eTag) in eTags.enumerated() {
                xml += "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(XML.Writer.escape(eTag))</ETag></Part>"
            }
            xml += "</CompleteMultipartUpload>"
            let complete = Call(
                operation: "CompleteMultipartUpload", method: "POST", bucket: bucket, key: key, query: [("uploadId", uploadID)],
                headers: [("Content-Type", "application/xml")], body: Array(xml.utf8))
            let response = try send(complete)
            // S3 can answer 200 with an <Error> body once it has started streaming the answer.
            let result = try document(response, complete)
            if result.name == "Error" {
                throw S3Error.parse(
                    status: 200, headers: [:], body: response.body, operation: "CompleteMultipartUpload", bucket: bucket,
                    key: key, region: endpoint.region)
            }
            return result.childText("ETag") ?? response.headers["ETag"] ?? ""
        } catch {
            let abort = Call(operation: "AbortMultipartUpload", method: "DELETE", bucket: bucket, key: key, query: [("uploadId", uploadID)])
            _ = try? send(abort)
            throw error
        }
    }
}
