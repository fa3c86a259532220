import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation

/// `Content-Encoding: gzip` request bodies (botocore compresses requests when configured to; the AWS
/// SDKs' "request compression" feature), inflated with zlib after the signature is checked (SigV4 signs
/// the bytes as sent). The inflated body is bounded like an uncompressed one, so a small bomb cannot
/// grow without limit.
///
/// What DynamoDB does, as a public conformance suite checked it against AWS: gzip is the only coding it
/// reads; another coding, a body that is not gzip (an empty one included) or one cut short is a 500
/// InternalServerError and nothing is written; several gzip members one after another are one body
/// (RFC 1952), and bytes after the last member that are not another member are ignored. More than
/// `maximumMembers` members is unreadable too, so reading a body stays linear in its size.
enum ContentDecoding {
    /// The largest inflated body: the HTTP server's default limit for a plain one (10 MB).
    static let maximumInflatedBytes = 10 * 1024 * 1024

    /// The body to parse: `request.body` inflated per `Content-Encoding` (`identity` or none: as is).
    static func body(of request: HTTPRequest) throws(DynamoDBError) -> [UInt8] {
        guard let header = request.headers["Content-Encoding"] else { return request.body }
        var body = request.body
        // Codings are listed in the order applied; undo them last first.
        let codings = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for coding in codings.reversed() where !coding.isEmpty && coding != "identity" {
            guard coding == "gzip" || coding == "x-gzip" else { throw unreadable }
            body = try gunzip(body)
        }
        return body
    }

    /// DynamoDB's answer to a body it cannot decode.
    static var unreadable: DynamoDBError {
        DynamoDBError(type: "InternalServerError", message: "Internal server error", status: 500)
    }

    /// The most gzip members one body may hold: far more than any client sends (the SDKs compress a
    /// body as one member), but bounded because a member may be 20 bytes that inflate to nothing. More
    /// is answered as an unreadable body (assumed: DynamoDB's own bound and answer are not documented).
    static let maximumMembers = 10_000

    /// Every gzip member of `input`, inflated and joined, at most `maximumInflatedBytes` in all.
    static func gunzip(_ input: [UInt8]) throws(DynamoDBError) -> [UInt8] {
        switch Zlib.inflateGzipMembers(input[...], maximumBytes: maximumInflatedBytes, maximumMembers: maximumMembers) {
        case .success(let members):
            return members.output
        case .failure(.tooLarge):
            // Assumed text: DynamoDB's own limit on an uncompressed request.
            throw DynamoDBError(type: "RequestEntityTooLarge", message: "Request entity too large", status: 413, namespace: DynamoDBError.serviceNamespace)
        case .failure(.corrupt), .failure(.tooManyMembers):
            throw unreadable
        }
    }
}
