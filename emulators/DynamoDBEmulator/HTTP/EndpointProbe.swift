import DrydockCrypto
import DrydockHTTP
import EmulatorKit

/// What DynamoDB's endpoint answers besides API calls: `GET /` (load balancers' and SDK tests' health
/// check: 200 "healthy: <host> ") and browsers' CORS preflight `OPTIONS /`, and the CORS headers every
/// answer to a browser's request carries.
enum EndpointProbe {
    enum Kind { case health, preflight }

    /// The probe `request` is, nil for anything else (API calls carry `X-Amz-Target`).
    static func kind(of request: HTTPRequest) -> Kind? {
        guard request.path == "/", request.headers["X-Amz-Target"] == nil else { return nil }
        switch request.method {
        case "GET": return .health
        case "OPTIONS": return .preflight
        default: return nil
        }
    }

    static func answer(_ kind: Kind, to request: HTTPRequest, requestID: String) -> HTTPResponse {
        switch kind {
        case .health:
            // The live endpoint's answer as a public report shows it (curl, us-west-2): no Content-Type,
            // the request id and checksum headers, 42 bytes for us-west-2 — the text and one trailing
            // space (confirmed: dynalite's tests, run against AWS, expect "healthy: dynamodb.<region>
            // .amazonaws.com " with the space). The text names the host the request was sent to
            // (its Host header: the endpoint's own name on AWS, this server's address here).
            let body = Array("healthy: \(host(of: request)) ".utf8)
            var headers = HTTPHeaders()
            headers.add("x-amzn-RequestId", requestID)
            headers.add("x-amz-crc32", String(CRC32.checksum(body)))
            return withCORS(HTTPResponse(status: 200, headers: headers, body: body), for: request)
        case .preflight:
            var headers = HTTPHeaders()
            headers.add("Content-Length", "0")
            return withCORS(HTTPResponse(status: 200, headers: headers), for: request)
        }
    }

    /// The headers exposed to a browser's script.
    static let exposedHeaders = "x-amzn-RequestId, x-amzn-ErrorType, x-amz-crc32"
    /// How long a browser may cache a preflight's answer (seconds).
    static let preflightMaxAge = "172800"

    /// `response` with CORS headers when `request` came from a browser (has `Origin`), as DynamoDB
    /// answers (a public conformance suite checked these against AWS): any origin is allowed
    /// (`Access-Control-Allow-Origin: *`) and the response headers are exposed; a preflight (`OPTIONS`)
    /// also says how long it may be cached and allows exactly the method and headers it asked for.
    /// Without `Origin` there are no CORS headers at all.
    static func withCORS(_ response: HTTPResponse, for request: HTTPRequest) -> HTTPResponse {
        guard request.headers["Origin"] != nil else { return response }
        var response = response
        response.headers.add("Access-Control-Allow-Origin", "*")
        response.headers.add("Access-Control-Expose-Headers", exposedHeaders)
        guard request.method == "OPTIONS" else { return response }
        response.headers.add("Access-Control-Max-Age", preflightMaxAge)
        if let method = request.headers["Access-Control-Request-Method"] {
            response.headers.add("Access-Control-Allow-Methods", method)
        }
        if let headers = request.headers["Access-Control-Request-Headers"] {
            response.headers.add("Access-Control-Allow-Headers", headers)
        }
        return response
    }

    /// The host a probe was sent to: its `Host` header, else the regional endpoint's name.
    static func host(of request: HTTPRequest) -> String {
        host(request.headers["Host"]) ?? "dynamodb.\(region(of: request)).amazonaws.com"
    }

    /// A `Host` header's value when it is a plausible host name (printable ASCII, 1–255 bytes).
    static func host(_ header: String?) -> String? {
        guard let header, !header.isEmpty, header.utf8.count <= 255, header.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            return nil
        }
        return header
    }

    /// The region a probe names: from a `dynamodb.<region>.amazonaws.com` Host, else the signature's
    /// scope, else us-east-1.
    static func region(of request: HTTPRequest) -> String {
        if let host = request.headers["Host"]?.split(separator: ":").first {
            let labels = host.split(separator: ".")
            if labels.count == 4, labels[0] == "dynamodb", labels[2] == "amazonaws", labels[3] == "com",
               AWSJSONRequest.isRegionName(String(labels[1])) {
                return String(labels[1])
            }
        }
        let region = AWSJSONRequest.region(of: request)
        return AWSJSONRequest.isRegionName(region) ? region : AWSJSONRequest.fallbackRegion
    }
}
