import DrydockHTTP
import EmulatorKit
import Foundation

/// `Content-Encoding: gzip` / `deflate` request bodies (botocore compresses large requests when
/// configured to), inflated with zlib after the signature is checked (SigV4 signs the bytes as sent).
/// The inflated body is bounded like an uncompressed one, so a small bomb cannot grow without limit.
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
            switch coding {
            case "gzip", "x-gzip": body = try inflate(body, raw: false)
            case "deflate":
                // HTTP's "deflate" is zlib-framed; some clients send bare deflate, which is tried next.
                do { body = try inflate(body, raw: false) } catch { body = try inflate(body, raw: true) }
            default:
                // Assumed: an encoding the endpoint cannot read is an unreadable body.
                throw .serialization("")
            }
        }
        return body
    }

    static func inflate(_ input: [UInt8], raw: Bool) throws(DynamoDBError) -> [UInt8] {
        switch Zlib.inflate(input, raw: raw, maximumBytes: maximumInflatedBytes) {
        case .success(let body): return body
        case .failure(.tooLarge):
            // Assumed text: DynamoDB's own limit on an uncompressed request.
            throw DynamoDBError(type: "RequestEntityTooLarge", message: "Request entity too large", status: 413, namespace: DynamoDBError.serviceNamespace)
        case .failure(.corrupt):
            throw .serialization("")
        }
    }
}
