import DrydockCore
import DrydockHTTP

/// A Google API answered with an error: the status, Google's `status` and `reason`, and its message.
public struct GoogleServiceError: UserFacingError, Sendable {
    public let api: String
    public let httpStatus: Int
    /// Google's canonical status (`PERMISSION_DENIED`), when the body had one.
    public let status: String?
    /// The first legacy `errors[].reason` (`insufficientPermissions`, `rateLimitExceeded`), when present.
    public let reason: String?
    public let message: String

    /// Whether Google asks the caller to retry: 429, 500, 502, 503, 504, and the 403 rate-limit reasons.
    public var isRetryable: Bool {
        switch httpStatus {
        case 429, 500, 502, 503, 504: true
        case 403: reason == "rateLimitExceeded" || reason == "userRateLimitExceeded"
        default: false
        }
    }

    /// The reason of a 2xx answer whose body is not JSON: transient (exit 75), like a 5xx.
    public static let malformedResponse = "malformedResponse"

    public var exitStatus: ExitStatus {
        if isRetryable || reason == Self.malformedResponse { return .transient }
        switch httpStatus {
        case 0, 408, 500...599: return .transient
        case 401, 403, 404: return .configuration
        // Google rejected what it was asked (a malformed A1 range, an invalid query): the caller's input.
        case 400: return .usage
        default: return .software
        }
    }

    public init(api: String, httpStatus: Int, status: String?, reason: String?, message: String) {
        self.api = api
        self.httpStatus = httpStatus
        self.status = status
        self.reason = reason
        self.message = message
    }

    public var description: String {
        if httpStatus == 0 { return "\(api) unreachable: \(message)" }
        var text = "\(api) answered \(httpStatus)"
        if let status { text += " \(status)" }
        if let reason { text += " (\(reason))" }
        text += ": \(message)"
        if httpStatus == 403, status == "PERMISSION_DENIED", message.contains("scopes") {
            text += " — the refresh token was granted without the scope this call needs; re-consent with the scope added"
        }
        return text
    }

    /// Reads Google's error JSON (`{"error": {"code", "message", "status", "errors": [{"reason"}]}}`);
    /// any other body (an HTML page from a proxy, empty) still yields an error naming the status and
    /// content type.
    public init(api: String, response: HTTPResponse) {
        self.api = api
        httpStatus = response.status
        let error = (try? JSONValue.parse(response.body))?["error"]
        status = error?["status"]?.stringValue
        reason = error?["errors"]?.arrayValue?.first?["reason"]?.stringValue
        if let message = error?["message"]?.stringValue {
            self.message = message
        } else {
            let type = response.headers["Content-Type"] ?? "no content type"
            self.message = "unexpected \(response.body.count)-byte body (\(type))"
        }
    }
}
