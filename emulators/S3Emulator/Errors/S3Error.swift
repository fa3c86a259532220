import DrydockCore
import DrydockHTTP
import EmulatorKit

/// An S3 error as S3 answers it: an HTTP status and an XML `<Error>` with `Code`, `Message`, the
/// code's own detail elements (`Key`, `BucketName`, `Condition`, …), `RequestId` and `HostId`.
///
/// Codes, statuses and messages are the S3 API reference's "Error responses" list; where a message is
/// not in that list the factory says it is assumed.
struct S3Error: Error, Sendable, Equatable {
    let code: String
    let message: String
    let status: Int
    /// Detail elements after `Message`, in order.
    var details: [(name: String, value: String)] = []
    /// Extra response headers (`x-amz-bucket-region` on a wrong-region answer).
    var headers: [(name: String, value: String)] = []

    init(code: String, message: String, status: Int, details: [(name: String, value: String)] = []) {
        self.code = code
        self.message = message
        self.status = status
        self.details = details
    }

    static func == (lhs: S3Error, rhs: S3Error) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.status == rhs.status
            && lhs.details.map(\.name) == rhs.details.map(\.name) && lhs.details.map(\.value) == rhs.details.map(\.value)
    }

    /// The error response; a HEAD request gets the status and headers without a body, as from S3.
    func response(ids: S3RequestIDs, method: String) -> HTTPResponse {
        var writer = XML.Writer()
        writer.element("Error") { xml in
            xml.leaf("Code", code)
            xml.leaf("Message", message)
            for detail in details { xml.leaf(detail.name, detail.value) }
            xml.leaf("RequestId", ids.requestID)
            xml.leaf("HostId", ids.hostID)
        }
        var headers = ids.headers
        for header in self.headers { headers.add(header.name, header.value) }
        if method == "HEAD" { return HTTPResponse(status: status, headers: headers) }
        headers.add("Content-Type", "application/xml")
        return HTTPResponse(status: status, headers: headers, body: writer.bytes)
    }
}

// MARK: The codes the emulator answers

extension S3Error {
    static func noSuchBucket(_ bucket: String) -> S3Error {
        S3Error(code: "NoSuchBucket", message: "The specified bucket does not exist", status: 404, details: [("BucketName", bucket)])
    }
    static func noSuchKey(_ key: String) -> S3Error {
        S3Error(code: "NoSuchKey", message: "The specified key does not exist.", status: 404, details: [("Key", key)])
    }
    static func noSuchVersion(key: String, versionID: String) -> S3Error {
        S3Error(code: "NoSuchVersion", message: "The specified version does not exist.", status: 404,
                details: [("Key", key), ("VersionId", versionID)])
    }
    static func noSuchUpload(_ uploadID: String) -> S3Error {
        S3Error(code: "NoSuchUpload",
                message: "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
                status: 404, details: [("UploadId", uploadID)])
    }
    static func bucketAlreadyOwnedByYou(_ bucket: String) -> S3Error {
        S3Error(code: "BucketAlreadyOwnedByYou",
                message: "Your previous request to create the named bucket succeeded and you already own it.",
                status: 409, details: [("BucketName", bucket)])
    }
    static func bucketNotEmpty(_ bucket: String) -> S3Error {
        S3Error(code: "BucketNotEmpty", message: "The bucket you tried to delete is not empty", status: 409, details: [("BucketName", bucket)])
    }
    static func invalidBucketName(_ bucket: String) -> S3Error {
        S3Error(code: "InvalidBucketName", message: "The specified bucket is not valid.", status: 400, details: [("BucketName", bucket)])
    }
    static func preconditionFailed(_ condition: String) -> S3Error {
        S3Error(code: "PreconditionFailed", message: "At least one of the pre-conditions you specified did not hold",
                status: 412, details: [("Condition", condition)])
    }
    static func invalidRange(requested: String, size: Int) -> S3Error {
        S3Error(code: "InvalidRange", message: "The requested range is not satisfiable", status: 416,
                details: [("RangeRequested", requested), ("ActualObjectSize", String(size))])
    }
    static func entityTooLarge(size: Int, max: Int) -> S3Error {
        S3Error(code: "EntityTooLarge", message: "Your proposed upload exceeds the maximum allowed size", status: 400,
                details: [("ProposedSize", String(size)), ("MaxSizeAllowed", String(max))])
    }
    static func entityTooSmall(size: Int, min: Int) -> S3Error {
        S3Error(code: "EntityTooSmall", message: "Your proposed upload is smaller than the minimum allowed object size.",
                status: 400, details: [("ProposedSize", String(size)), ("MinSizeAllowed", String(min))])
    }
    static func badDigestMD5(expected: String, calculated: String) -> S3Error {
        S3Error(code: "BadDigest", message: "The Content-MD5 you specified did not match what we received.", status: 400,
                details: [("ExpectedDigest", expected), ("CalculatedDigest", calculated)])
    }
    /// A flexible checksum that does not match ("The CRC32 you specified did not match the calculated
    /// checksum.", as SDK issues quote S3).
    static func badDigest(algorithm: ChecksumAlgorithm) -> S3Error {
        S3Error(code: "BadDigest", message: "The \(algorithm.messageName) you specified did not match the calculated checksum.", status: 400)
    }
    static let invalidDigest = S3Error(code: "InvalidDigest", message: "The Content-MD5 you specified was not valid.", status: 400)
    static func invalidChecksum(algorithm: ChecksumAlgorithm) -> S3Error {
        S3Error(code: "InvalidRequest", message: "Value for x-amz-checksum-\(algorithm.headerSuffix) header is invalid.", status: 400)
    }
    static func contentSHA256Mismatch(client: String, computed: String) -> S3Error {
        S3Error(code: "XAmzContentSHA256Mismatch", message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
                status: 400, details: [("ClientComputedContentSHA256", client), ("S3ComputedContentSHA256", computed)])
    }
    static let invalidContentSHA256 = S3Error(
        code: "InvalidArgument", message: "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
        status: 400, details: [("ArgumentName", "x-amz-content-sha256")])
    static let malformedXML = S3Error(
        code: "MalformedXML", message: "The XML you provided was not well-formed or did not validate against our published schema", status: 400)
    static func invalidArgument(_ message: String, name: String, value: String) -> S3Error {
        S3Error(code: "InvalidArgument", message: message, status: 400, details: [("ArgumentName", name), ("ArgumentValue", value)])
    }
    static func invalidRequest(_ message: String) -> S3Error { S3Error(code: "InvalidRequest", message: message, status: 400) }
    static let invalidPart = S3Error(
        code: "InvalidPart",
        message: "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        status: 400)
    static let invalidPartOrder = S3Error(
        code: "InvalidPartOrder", message: "The list of parts was not in ascending order. Parts must be ordered by part number.", status: 400)
    static let methodNotAllowed = S3Error(code: "MethodNotAllowed", message: "The specified method is not allowed against this resource.", status: 405)
    static let keyTooLong = S3Error(code: "KeyTooLongError", message: "Your key is too long", status: 400)
    static let accessDenied = S3Error(code: "AccessDenied", message: "Access Denied", status: 403)
    static let slowDown = S3Error(code: "SlowDown", message: "Please reduce your request rate.", status: 503)
    static let internalError = S3Error(code: "InternalError", message: "We encountered an internal error. Please try again.", status: 500)
    static let incompleteBody = S3Error(
        code: "IncompleteBody", message: "The request body terminated unexpectedly", status: 400)
    static func illegalVersioningConfiguration() -> S3Error {
        S3Error(code: "IllegalVersioningConfigurationException",
                message: "The Versioning element must be specified", status: 400)
    }
    static func notImplemented(_ what: String) -> S3Error {
        S3Error(code: "NotImplemented", message: "A header you provided implies functionality that is not implemented", status: 501,
                details: [("Header", what)])
    }
}
