import DrydockCore
import DrydockHTTP
import Foundation
import GoogleOAuthEmulator

/// The error bodies Gmail sends when it throttles, for the fault engine's `status` action, chosen by
/// status and the action's `reason`:
///
/// | status | reason | body |
/// |---|---|---|
/// | 403 | none or `rateLimitExceeded` | the per-user queries-per-minute quota: "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'gmail.googleapis.com' for consumer 'project_number:…'.", reason `rateLimitExceeded`, domain `usageLimits` (verbatim from several 2021-2025 reports); the project number is the caller's OAuth client number |
/// | 403 | `userRateLimitExceeded` | the documented legacy body: "User Rate Limit Exceeded", domain `usageLimits` (verbatim from older reports) |
/// | 429 | none or `rateLimitExceeded` | `RESOURCE_EXHAUSTED` "Resource has been exhausted (e.g. check quota).", domain `global` (verbatim from a 2025 python-client traceback) |
/// | 429 | `userRateLimitExceeded` | Gmail's mail-sending and per-user limit: "User-rate limit exceeded.  Retry after <time>" (two spaces, verbatim), reason `rateLimitExceeded` as Gmail sends it; the time is 15 minutes of virtual time ahead (assumed from one report, where successive times were 15 minutes apart) |
///
/// Any other status, or a reason not listed for it, is Google's canonical error for the status
/// (`GoogleAPIError.canonical`), with `errors[0].reason` set to the given reason.
enum GmailFaults {
    /// How far ahead "Retry after <time>" points.
    static let userRateLimitWindow: TimeInterval = 15 * 60

    static func response(status: Int, reason: String?, request: HTTPRequest, projectNumber: String, now: Date) -> HTTPResponse {
        error(status: status, reason: reason, projectNumber: projectNumber, now: now).response(for: request)
    }

    static func error(status: Int, reason: String?, projectNumber: String, now: Date) -> GoogleAPIError {
        switch (status, reason) {
        case (403, nil), (403, "rateLimitExceeded"):
            return quotaExceeded(projectNumber: projectNumber)
        case (403, "userRateLimitExceeded"):
            return legacyUserRateLimitExceeded
        case (429, "userRateLimitExceeded"):
            return userRateLimitExceeded(retryAfter: now.addingTimeInterval(userRateLimitWindow))
        default:
            var error = GoogleAPIError.canonical(status: status)
            if let reason, !error.errors.isEmpty { error.errors[0].reason = reason }
            return error
        }
    }

    static func quotaExceeded(projectNumber: String) -> GoogleAPIError {
        GoogleAPIError(
            code: 403, status: "PERMISSION_DENIED",
            message: "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'gmail.googleapis.com' for consumer 'project_number:\(projectNumber)'.",
            reason: "rateLimitExceeded", domain: "usageLimits")
    }

    /// 429 "User-rate limit exceeded.  Retry after 2024-11-12T11:16:42.247Z" (two spaces, as Gmail writes it).
    static func userRateLimitExceeded(retryAfter: Date) -> GoogleAPIError {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let message = "User-rate limit exceeded.  Retry after " + formatter.string(from: retryAfter)
        return GoogleAPIError(code: 429, status: "RESOURCE_EXHAUSTED", message: message, reason: "rateLimitExceeded")
    }

    /// The documented 403 `userRateLimitExceeded` body.
    static let legacyUserRateLimitExceeded = GoogleAPIError(
        code: 403, status: "PERMISSION_DENIED", message: "User Rate Limit Exceeded",
        reason: "userRateLimitExceeded", domain: "usageLimits")
}
