import DrydockCore
import DrydockHTTP

/// An error DynamoDB answers with: `{"__type": "<namespace>#<name>", "message": "…"}` and a status.
///
/// botocore reads only the part after `#`; the namespaces follow what DynamoDB sends (assumed from
/// DynamoDB Local / dynalite captures, not confirmed against the live service here): validation
/// errors come from the Coral validator, serialization and unknown-operation errors from the Coral
/// service layer, throttling from Coral availability, everything else from the DynamoDB model.
public struct DynamoDBError: Error, Sendable, Equatable {
    public let type: String
    public let message: String
    public let status: Int
    /// The `__type` namespace before `#`.
    public let namespace: String
    /// Extra top-level members (`CancellationReasons`, `Item` on conditional-check failures, …).
    public var extra: [(String, JSONValue)] = []
    /// Whether PutItem, UpdateItem and DeleteItem report this inside Coral's
    /// "1 validation error detected: " envelope (request-validation errors: bad values, expression
    /// attribute maps without expressions, empty or undefined expression parts).
    var envelopable = false

    public init(type: String, message: String, status: Int = 400, namespace: String = DynamoDBError.dynamoNamespace) {
        self.type = type
        self.message = message
        self.status = status
        self.namespace = namespace
    }

    public static let dynamoNamespace = "com.amazonaws.dynamodb.v20120810"
    public static let validateNamespace = "com.amazon.coral.validate"
    public static let serviceNamespace = "com.amazon.coral.service"
    public static let availabilityNamespace = "com.amazon.coral.availability"

    public static func == (lhs: DynamoDBError, rhs: DynamoDBError) -> Bool {
        lhs.type == rhs.type && lhs.message == rhs.message && lhs.status == rhs.status && lhs.namespace == rhs.namespace
    }

    /// The JSON body; an empty message is left out, as Coral does for a body that is not JSON
    /// (`{"__type":"com.amazon.coral.service#SerializationException"}`, seen in public reports).
    public var body: JSONValue {
        var members: [(String, JSONValue)] = [("__type", .string(namespace + "#" + type))]
        if !message.isEmpty { members.append(("message", .string(message))) }
        members += extra
        return .object(members)
    }

    /// The error as an HTTP response, with DynamoDB's headers.
    public func response(requestID: String) -> HTTPResponse {
        DynamoDBResponse.json(status: status, body, requestID: requestID)
    }
}

extension DynamoDBError {
    /// This error inside the "1 validation error detected: " envelope when it is `envelopable`.
    var enveloped: DynamoDBError {
        guard envelopable else { return self }
        var copy = DynamoDBError(type: type, message: "1 validation error detected: " + message, status: status, namespace: namespace)
        copy.extra = extra
        return copy
    }

    /// `ValidationException` with `message`.
    public static func validation(_ message: String) -> DynamoDBError {
        DynamoDBError(type: "ValidationException", message: message, namespace: validateNamespace)
    }

    /// `ValidationException` prefixed "One or more parameter values were invalid: ".
    public static func invalidParameter(_ message: String) -> DynamoDBError {
        validation("One or more parameter values were invalid: " + message)
    }

    /// `SerializationException` for a body that is not JSON or has a member of the wrong JSON type.
    public static func serialization(_ message: String) -> DynamoDBError {
        DynamoDBError(type: "SerializationException", message: message, namespace: serviceNamespace)
    }

    /// `ResourceNotFoundException` with DynamoDB's item-operation wording.
    public static let resourceNotFound = DynamoDBError(
        type: "ResourceNotFoundException", message: "Requested resource not found")

    /// `ResourceNotFoundException` as DescribeTable and DeleteTable word it.
    public static func tableNotFound(_ name: String) -> DynamoDBError {
        DynamoDBError(type: "ResourceNotFoundException", message: "Requested resource not found: Table: \(name) not found")
    }

    /// `ResourceInUseException` for CreateTable on an existing name.
    public static func tableExists(_ name: String) -> DynamoDBError {
        DynamoDBError(type: "ResourceInUseException", message: "Table already exists: \(name)")
    }

    /// `ConditionalCheckFailedException`.
    public static let conditionalCheckFailed = DynamoDBError(
        type: "ConditionalCheckFailedException", message: "The conditional request failed")

    /// `UnknownOperationException` for an `X-Amz-Target` action DynamoDB does not have (no message:
    /// assumed for DynamoDB; another Coral service, AppSync, answers `{"__type":
    /// "com.amazon.coral.service#UnknownOperationException"}` with none, aws/aws-sdk-go#3689).
    public static let unknownOperation = DynamoDBError(
        type: "UnknownOperationException", message: "", namespace: serviceNamespace)

    /// The 1-validation-error form Coral uses for constraint violations on a member.
    public static func constraint(_ violations: [String]) -> DynamoDBError {
        let count = violations.count
        let noun = count == 1 ? "error" : "errors"
        return validation("\(count) validation \(noun) detected: " + violations.joined(separator: "; "))
    }

    /// "Value null at 'member' failed to satisfy constraint: Member must not be null".
    public static func missing(_ member: String) -> DynamoDBError {
        constraint(["Value null at '\(member)' failed to satisfy constraint: Member must not be null"])
    }
}
