import DrydockHTTP
import EmulatorKit

/// S3's answers to injected statuses (fault rules).
///
/// - 503: `SlowDown` "Please reduce your request rate." — S3's throttling answer, which the SDKs retry
///   with backoff; reason `ServiceUnavailable` gives "Service is unable to handle request." instead.
/// - 500: `InternalError` "We encountered an internal error. Please try again."
/// - 403: `AccessDenied`; 404 `NoSuchKey`/`NoSuchBucket` as the request addresses; others: the code
///   `reason` names (its message assumed to be the code itself when S3 has none here).
/// - 2xx: the request handled as usual.
extension S3Emulator {
    public static var faultReasons: [String] { ["SlowDown", "ServiceUnavailable", "InternalError", "AccessDenied", "NoSuchKey", "NoSuchBucket"] }

    public func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        errorResponse(status: status, reason: nil, for: request)
    }

    public func errorResponse(status: Int, reason: String?, for request: HTTPRequest) -> HTTPResponse {
        guard !(200..<300).contains(status) else { return handle(request) }
        let address = S3Address(request)
        var error: S3Error
        switch reason ?? Self.defaultReason(status) {
        case "SlowDown": error = .slowDown
        case "ServiceUnavailable": error = S3Error(code: "ServiceUnavailable", message: "Service is unable to handle request.", status: status)
        case "InternalError": error = .internalError
        case "AccessDenied": error = .accessDenied
        case "NoSuchKey": error = .noSuchKey(address.key ?? "")
        case "NoSuchBucket": error = .noSuchBucket(address.bucket ?? "")
        case let other: error = S3Error(code: other, message: other, status: status)
        }
        error = S3Error(code: error.code, message: error.message, status: status, details: error.details)
        return error.response(ids: nextIDs(), method: request.method)
    }

    static func defaultReason(_ status: Int) -> String {
        switch status {
        case 503: "SlowDown"
        case 403: "AccessDenied"
        case 404: "NoSuchKey"
        case 500...: "InternalError"
        default: "InvalidRequest"
        }
    }
}
