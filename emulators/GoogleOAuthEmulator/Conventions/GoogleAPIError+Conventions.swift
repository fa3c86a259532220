import DrydockCore

/// The errors of Google's API front end for the conventions every method shares: system parameters,
/// unknown query parameters, `fields` masks and batch requests. `legacyErrors` adds the `errors` list
/// (Gmail sends it; Sheets does not unless `$.xgafv=1`).
extension GoogleAPIError {
    /// 400 for a query parameter the method does not have. Message confirmed (Sheets, Docs, Firebase
    /// logs); the BadRequest detail is Google's usual binding shape and the `errors` entry's reason
    /// `invalid` follows third-party measurements of Gmail's proto binding errors (assumed).
    public static func unknownQueryParameter(_ name: String, legacyErrors: Bool) -> GoogleAPIError {
        let message = "Invalid JSON payload received. Unknown name \(JSONValue.string(name).serialized()): Cannot bind query parameter. Field '\(name)' could not be found in request message."
        return GoogleAPIError(
            code: 400, status: "INVALID_ARGUMENT", message: message,
            errors: legacyErrors ? [Entry(message: message, reason: "invalid")] : [],
            details: [badRequest([("description", message)])])
    }

    /// 400 for a `fields` mask naming what the response cannot have (confirmed in real Sheets and Places
    /// answers: the generic message, the mask in `field`, the failing path dotted in `description`). A
    /// mask that does not parse gets the same shape naming the token that failed (assumed).
    public static func invalidFieldMask(_ error: FieldMaskError, legacyErrors: Bool) -> GoogleAPIError {
        let message = "Request contains an invalid argument."
        return GoogleAPIError(
            code: 400, status: "INVALID_ARGUMENT", message: message,
            errors: legacyErrors ? [Entry(message: message, reason: "badRequest")] : [],
            details: [badRequest([
                ("field", error.mask),
                ("description", "Error expanding 'fields' parameter. Cannot find matching fields for path '\(error.path)'."),
            ])])
    }

    /// 400 for an `alt` the API cannot render: `media` on a method without media download has its own
    /// sentence, any other value the generic one (both confirmed by third-party measurements of Sheets
    /// and Drive; `alt` is compared without case, the refusal quotes `media` lowercased and any other
    /// value as sent).
    public static func unsupportedAlt(_ value: String, legacyErrors: Bool) -> GoogleAPIError {
        let message = value.lowercased() == "media"
            ? "Unsupported alt type \"media\" for non byte stream request."
            : "Invalid value \"\(value)\" for query parameter 'alt'"
        return plain400(message, reason: "badRequest", legacyErrors: legacyErrors)
    }

    /// 400 for a `$.xgafv` other than 1 or 2 (third-party measurement of Sheets and Drive, spacing
    /// included).
    public static func invalidSystemParameter(_ name: String, value: String, legacyErrors: Bool) -> GoogleAPIError {
        plain400("Invalid query parameters. Invalid value '\(value)' for system query parameter : \(name)",
                 reason: "badRequest", legacyErrors: legacyErrors)
    }

    /// 400 for a batch with more parts than the API takes: Gmail's 100 ("Inner request count exceeds
    /// the limit. Received: 250, Limit: 100", confirmed from a client log; status and reason assumed).
    public static func batchTooLarge(received: Int, limit: Int, legacyErrors: Bool) -> GoogleAPIError {
        plain400("Inner request count exceeds the limit. Received: \(received), Limit: \(limit)",
                 reason: "badRequest", legacyErrors: legacyErrors)
    }

    /// 400 for a batch body that is not a multipart/mixed message of `application/http` requests. The
    /// text is the emulator's own (assumed: Google's wording is not documented); `problem` says what
    /// was wrong and where.
    public static func malformedBatch(_ problem: String, legacyErrors: Bool) -> GoogleAPIError {
        plain400("Failed to parse batch request: " + problem, reason: "badRequest", legacyErrors: legacyErrors)
    }

    /// 501 for a request inside a batch to an API whose batch endpoint serves nothing (Sheets:
    /// confirmed, googleapis/google-api-python-client#2085).
    public static func batchUnimplemented(legacyErrors: Bool) -> GoogleAPIError {
        canonical(status: 501, legacyErrors: legacyErrors)
    }

    private static func plain400(_ message: String, reason: String, legacyErrors: Bool) -> GoogleAPIError {
        GoogleAPIError(code: 400, status: "INVALID_ARGUMENT", message: message, reason: legacyErrors ? reason : nil)
    }

    /// A `google.rpc.BadRequest` detail with one field violation.
    public static func badRequest(_ violation: [(String, String)]) -> JSONValue {
        .object([
            ("@type", "type.googleapis.com/google.rpc.BadRequest"),
            ("fieldViolations", .array([.object(violation.map { ($0.0, .string($0.1)) })])),
        ])
    }
}
