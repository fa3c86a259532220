import DrydockCore
import DrydockHTTP

/// An error Secrets Manager answers with: `{"__type": "<name>", "Message": "…"}` and a status (400 for
/// every client error, 500 for `InternalServiceError`).
///
/// Secrets Manager's own errors carry `Message` with a capital M, the front end's (signature, unknown
/// operation, throttling) a lower-case `message` — as captured SDK logs show them; botocore reads either.
/// The texts below say which are confirmed (seen in AWS's answers quoted in public logs) and which are
/// assumed (the API reference's description of the error, or moto's wording).
public struct SecretsManagerError: Error, Sendable, Equatable {
    public let type: String
    public let message: String
    public let status: Int
    /// Whether the body's member is `message` (front-end errors) rather than `Message`.
    let lowerCaseMessage: Bool

    public init(type: String, message: String, status: Int = 400, lowerCaseMessage: Bool = false) {
        self.type = type
        self.message = message
        self.status = status
        self.lowerCaseMessage = lowerCaseMessage
    }

    public var body: JSONValue {
        var members: [(String, JSONValue)] = [("__type", .string(type))]
        if !message.isEmpty { members.append((lowerCaseMessage ? "message" : "Message", .string(message))) }
        return .object(members)
    }

    func response(requestID: String) -> HTTPResponse {
        SecretsManagerResponse.json(status: status, body, requestID: requestID)
    }
}

extension SecretsManagerError {
    /// Confirmed (AWS's answer in SDK logs and moto's tests written against it).
    static let secretNotFound = SecretsManagerError(
        type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret.")

    /// Confirmed for staging labels ("…for staging label: AWSCURRENT" in ECS and Terraform logs); the
    /// VersionId form is assumed by analogy.
    static func noValue(stage: String) -> SecretsManagerError {
        SecretsManagerError(type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret value for staging label: \(stage)")
    }

    static func noValue(versionID: String) -> SecretsManagerError {
        SecretsManagerError(type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret value for VersionId: \(versionID)")
    }

    /// Confirmed (Kubernetes external-secrets logs of GetSecretValue on a secret scheduled for deletion).
    static let markedForDeletion = SecretsManagerError(
        type: "InvalidRequestException", message: "You can't perform this operation on the secret because it was marked for deletion.")

    /// Confirmed (Terraform logs of CreateSecret on an existing name).
    static func secretExists(_ name: String) -> SecretsManagerError {
        SecretsManagerError(type: "ResourceExistsException", message: "The operation failed because the secret \(name) already exists.")
    }

    /// Confirmed (a public report of CreateSecret on a name whose secret is scheduled for deletion).
    static let nameScheduledForDeletion = SecretsManagerError(
        type: "InvalidRequestException", message: "You can't create this secret because a secret with this name is already scheduled for deletion.")

    /// Assumed (moto's and other emulators' common wording; the API reference says only that the
    /// request fails because a version cannot be modified).
    static func tokenInUse(_ token: String, arn: String) -> SecretsManagerError {
        SecretsManagerError(
            type: "ResourceExistsException",
            message: "You can't use ClientRequestToken \(token) because that value is already in use for a version of secret \(arn).")
    }

    static func invalidParameter(_ message: String) -> SecretsManagerError {
        SecretsManagerError(type: "InvalidParameterException", message: message)
    }

    static func invalidRequest(_ message: String) -> SecretsManagerError {
        SecretsManagerError(type: "InvalidRequestException", message: message)
    }

    /// Coral's constraint-violation form (assumed for Secrets Manager, as the other JSON services word it):
    /// "1 validation error detected: Value 'x' at 'member' failed to satisfy constraint: …". A sensitive
    /// member's value is never shown (`shown` nil: "Value at 'secretString' …").
    static func constraint(_ member: String, _ shown: String?, _ constraint: String) -> SecretsManagerError {
        let value = shown.map { "Value '\(String($0.prefix(100)))' at" } ?? "Value at"
        return SecretsManagerError(
            type: "ValidationException",
            message: "1 validation error detected: \(value) '\(member)' failed to satisfy constraint: \(constraint)")
    }

    static func missing(_ member: String) -> SecretsManagerError {
        SecretsManagerError(
            type: "ValidationException",
            message: "1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null")
    }

    /// A body that is not JSON, or a member of the wrong JSON type (Coral's deserializer; text assumed).
    static func serialization(_ message: String) -> SecretsManagerError {
        SecretsManagerError(type: "SerializationException", message: message, lowerCaseMessage: true)
    }

    static let unknownOperation = SecretsManagerError(type: "UnknownOperationException", message: "", lowerCaseMessage: true)

    /// Assumed text (the API reference's description of InternalServiceError).
    static let internalError = SecretsManagerError(
        type: "InternalServiceError", message: "An error occurred on the server side.", status: 500)
}
