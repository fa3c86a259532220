import DrydockCrypto
import DrydockHTTP
import EmulatorKit

/// What DynamoDB's endpoint answers besides API calls: `GET /` (load balancers' and SDK tests' health
/// check: 200 "healthy: dynamodb.<region>.amazonaws.com ") and browsers' CORS preflight `OPTIONS /`.
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
            // character, taken to be a space (assumed).
            let body = Array("healthy: dynamodb.\(region(of: request)).amazonaws.com ".utf8)
            var headers = HTTPHeaders()
            headers.add("x-amzn-RequestId", requestID)
            headers.add("x-amz-crc32", String(CRC32.checksum(body)))
            return HTTPResponse(status: 200, headers: headers, body: body)
        case .preflight:
            // Header set assumed (DynamoDB allows browser calls from any origin; these are the headers a
            // browser needs to make one).
            var headers = HTTPHeaders()
            headers.add("Access-Control-Allow-Origin", request.headers["Origin"] ?? "*")
            headers.add("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            headers.add("Access-Control-Allow-Headers", request.headers["Access-Control-Request-Headers"]
                ?? "authorization, content-type, x-amz-date, x-amz-target, x-amz-security-token, x-amz-user-agent")
            headers.add("Access-Control-Expose-Headers", "x-amzn-RequestId, x-amzn-ErrorType, x-amz-crc32")
            headers.add("Access-Control-Max-Age", "172800")
            headers.add("Content-Length", "0")
            return HTTPResponse(status: 200, headers: headers)
        }
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
