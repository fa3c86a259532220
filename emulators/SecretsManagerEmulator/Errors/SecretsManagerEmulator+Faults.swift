import DrydockHTTP
import EmulatorKit

/// Secrets Manager's answers to injected statuses (fault rules).
///
/// - 2xx: the request handled as usual.
/// - `reason` names the exception; without one the status picks it: 400 and 429 `ThrottlingException`
///   "Rate exceeded" (the front end's, as SDK logs show it), 5xx `InternalServiceError`, 403
///   `AccessDeniedException`, 404 `ResourceNotFoundException`.
/// - `DecryptionFailure`: "Secrets Manager can't decrypt the protected secret text using the provided KMS
///   key." (the API reference's description of the error; the exact live text is assumed) — what
///   GetSecretValue answers when KMS refuses the secret's key.
/// - Any other reason becomes the exception name, its message the name itself.
extension SecretsManagerEmulator {
    /// The `reason`s with their own body, for the README and the control API's docs.
    public static let faultReasons = [
        "ThrottlingException", "InternalServiceError", "DecryptionFailure", "AccessDeniedException", "ResourceNotFoundException",
        "InvalidRequestException", "LimitExceededException",
    ]

    public func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        errorResponse(status: status, reason: nil, for: request)
    }

    public func errorResponse(status: Int, reason: String?, for request: HTTPRequest) -> HTTPResponse {
        guard !(200..<300).contains(status) else { return handle(request) }
        let error = Self.faultError(status: status, reason: reason)
        return SecretsManagerError(type: error.type, message: error.message, status: status, lowerCaseMessage: error.lowerCaseMessage)
            .response(requestID: nextRequestID())
    }

    static func faultError(status: Int, reason: String?) -> SecretsManagerError {
        switch reason ?? defaultReason(status) {
        case "ThrottlingException": return SecretsManagerError(type: "ThrottlingException", message: "Rate exceeded", lowerCaseMessage: true)
        case "InternalServiceError": return .internalError
        case "DecryptionFailure":
            return SecretsManagerError(type: "DecryptionFailure", message: "Secrets Manager can't decrypt the protected secret text using the provided KMS key.")
        case "AccessDeniedException":
            // Assumed text (IAM's refusal names the caller and action; a fixed caller here).
            return SecretsManagerError(
                type: "AccessDeniedException",
                message: "User: arn:aws:sts::\(SecretIdentity.accountID):assumed-role/drydock-ops-host/i-drydock is not authorized to perform this operation",
                lowerCaseMessage: true)
        case "ResourceNotFoundException": return .secretNotFound
        case "InvalidRequestException": return .markedForDeletion
        case let other: return SecretsManagerError(type: other, message: other)
        }
    }

    static func defaultReason(_ status: Int) -> String {
        switch status {
        case 403: "AccessDeniedException"
        case 404: "ResourceNotFoundException"
        case 500...: "InternalServiceError"
        default: "ThrottlingException"
        }
    }
}
