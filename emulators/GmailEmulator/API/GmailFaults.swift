import DrydockCore
import DrydockHTTP
import Foundation
import GoogleOAuthEmulator

/// The error bodies Gmail sends when it throttles, for the fault engine's `status` action.
///
/// - 429: `RESOURCE_EXHAUSTED` "Resource has been exhausted (e.g. check quota).", reason
///   `rateLimitExceeded`, domain `global` (quoted verbatim from a 2025 python-client traceback).
/// - 403: the per-user queries-per-minute quota: "Quota exceeded for quota metric 'Queries' and limit
///   'Queries per minute per user' of service 'gmail.googleapis.com' for consumer
///   'project_number:…'.", reason `rateLimitExceeded`, domain `usageLimits` (verbatim from the same
///   report and several others); the project number is the caller's OAuth client number.
///
/// The fault action has no field to pick another reason, so the remaining throttling bodies are
/// available as text for the action's `body` (with `contentType: application/json`):
/// `userRateLimitExceeded(retryAfter:)` (Gmail's mail-sending and per-user limit:
/// "User-rate limit exceeded.  Retry after <time>", reason `rateLimitExceeded`) and
/// `legacyUserRateLimitExceeded` (the documented 403 `userRateLimitExceeded`, "User Rate Limit
/// Exceeded", domain `usageLimits`).
public enum GmailFaults {
    static func response(status: Int, request: HTTPRequest, projectNumber: String) -> HTTPResponse {
        switch status {
        case 403: return quotaExceeded(projectNumber: projectNumber).response(for: request)
        default: return GoogleAPIError.canonical(status: status).response(for: request)
        }
    }

    static func quotaExceeded(projectNumber: String) -> GoogleAPIError {
        GoogleAPIError(
            code: 403, status: "PERMISSION_DENIED",
            message: "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'gmail.googleapis.com' for consumer 'project_number:\(projectNumber)'.",
            reason: "rateLimitExceeded", domain: "usageLimits")
    }

    /// 429 "User-rate limit exceeded.  Retry after 2024-11-12T11:16:42.247Z" (two spaces, as Gmail
    /// writes it), pretty-printed, for a fault rule's `body`.
    public static func userRateLimitExceeded(retryAfter: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let message = "User-rate limit exceeded.  Retry after " + formatter.string(from: retryAfter)
        let error = GoogleAPIError(code: 429, status: "RESOURCE_EXHAUSTED", message: message, reason: "rateLimitExceeded")
        return error.body.serialized(pretty: true) + "\n"
    }

    /// The documented 403 `userRateLimitExceeded` body, for a fault rule's `body`.
    public static var legacyUserRateLimitExceeded: String {
        GoogleAPIError(code: 403, status: "PERMISSION_DENIED", message: "User Rate Limit Exceeded",
                       reason: "userRateLimitExceeded", domain: "usageLimits").body.serialized(pretty: true) + "\n"
    }
}
