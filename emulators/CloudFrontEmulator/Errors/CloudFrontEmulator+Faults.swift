import DrydockHTTP
import EmulatorKit

/// CloudFront's answers to injected statuses (fault rules).
///
/// - 400 (default reason `Throttling`): "Rate exceeded", which the SDKs retry; 503: `ServiceUnavailable`;
///   500: `InternalFailure`; 403: `AccessDenied`; 404: `NoSuchDistribution`; others: the code `reason`
///   names, its message the code itself (assumed).
/// - 2xx: the request handled as usual.
extension CloudFrontEmulator {
    public static var faultReasons: [String] { ["Throttling", "ServiceUnavailable", "InternalFailure", "AccessDenied", "NoSuchDistribution", "NoSuchInvalidation"] }

    public func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        errorResponse(status: status, reason: nil, for: request)
    }

    public func errorResponse(status: Int, reason: String?, for request: HTTPRequest) -> HTTPResponse {
        guard !(200..<300).contains(status) else { return handle(request) }
        var error: CloudFrontError
        switch reason ?? Self.defaultReason(status) {
        case "Throttling": error = .throttling
        case "ServiceUnavailable": error = .serviceUnavailable
        case "InternalFailure": error = .internalError
        case "AccessDenied": error = .accessDenied
        case "NoSuchDistribution": error = .noSuchDistribution
        case "NoSuchInvalidation": error = .noSuchInvalidation
        case let other: error = CloudFrontError(code: other, message: other, status: status)
        }
        error = CloudFrontError(code: error.code, message: error.message, status: status, type: status >= 500 ? "Receiver" : "Sender")
        return error.response(requestID: nextRequestID(), method: request.method)
    }

    static func defaultReason(_ status: Int) -> String {
        switch status {
        case 503: "ServiceUnavailable"
        case 403: "AccessDenied"
        case 404: "NoSuchDistribution"
        case 500...: "InternalFailure"
        default: "Throttling"
        }
    }
}
