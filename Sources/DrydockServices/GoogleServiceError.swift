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

    public var exitStatus: ExitStatus {
        switch httpStatus {
        case 408, 429, 500...599: .transient
        case 401, 403: .configuration
        default: .software
        }
    }

    public var description: String {
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
