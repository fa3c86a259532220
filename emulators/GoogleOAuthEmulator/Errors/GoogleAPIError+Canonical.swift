/// Google's canonical error for a bare HTTP status: what the API front end sends when a request fails
/// for a reason with no more specific message. Used for statuses the fault engine injects.
extension GoogleAPIError {
    /// The canonical error for `status`. With `legacyErrors` (Gmail and other older APIs) the body
    /// carries the `errors` list; without it (Sheets), only code, message and status.
    public static func canonical(status: Int, legacyErrors: Bool = true) -> GoogleAPIError {
        if status == 401 {
            var error = invalidCredentials
            if !legacyErrors { error.errors = [] }
            return error
        }
        let entry = canonicalTable[status] ?? fallback(status)
        return GoogleAPIError(code: status, status: entry.status, message: entry.message, reason: legacyErrors ? entry.reason : nil)
    }

    private typealias Canonical = (status: String, message: String, reason: String)

    private static let canonicalTable: [Int: Canonical] = [
        400: ("INVALID_ARGUMENT", "Request contains an invalid argument.", "badRequest"),
        403: ("PERMISSION_DENIED", "The caller does not have permission", "forbidden"),
        404: ("NOT_FOUND", "Requested entity was not found.", "notFound"),
        409: ("ABORTED", "The operation was aborted.", "aborted"),
        412: ("FAILED_PRECONDITION", "Precondition check failed.", "failedPrecondition"),
        429: ("RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", "rateLimitExceeded"),
        499: ("CANCELLED", "The operation was cancelled.", "cancelled"),
        500: ("INTERNAL", "Internal error encountered.", "backendError"),
        501: ("UNIMPLEMENTED", "Operation is not implemented, or supported, or enabled.", "notImplemented"),
        502: ("UNAVAILABLE", "The service is currently unavailable.", "backendError"),
        503: ("UNAVAILABLE", "The service is currently unavailable.", "backendError"),
        504: ("DEADLINE_EXCEEDED", "The request deadline was exceeded. Please try again later.", "deadlineExceeded"),
    ]

    /// Statuses Google has no canonical mapping for: client errors read as FAILED_PRECONDITION,
    /// server errors as INTERNAL (google.rpc's HTTP mapping).
    private static func fallback(_ status: Int) -> Canonical {
        status < 500
            ? ("FAILED_PRECONDITION", "Precondition check failed.", "failedPrecondition")
            : ("INTERNAL", "Internal error encountered.", "backendError")
    }
}
