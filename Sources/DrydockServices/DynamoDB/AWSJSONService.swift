/// An AWS service speaking the JSON protocol (`POST /` with `X-Amz-Target: <prefix><Operation>` and a JSON
/// body): DynamoDB (JSON 1.0) and Secrets Manager (JSON 1.1) differ only in these constants, so one client,
/// ``DynamoDBClient``, with its retries and error parsing, serves both.
public struct AWSJSONService: Sendable, Equatable {
    /// For messages: `DynamoDB`, `Secrets Manager`.
    public let name: String
    /// Prepended to the operation in `X-Amz-Target`.
    public let targetPrefix: String
    public let contentType: String
    /// The SigV4 service name.
    public let signingName: String
    /// The SDKs' service-specific endpoint variable (`AWS_ENDPOINT_URL_<SERVICE_ID>`).
    public let endpointVariable: String
    /// The first label of the regional host name.
    public let hostPrefix: String

    public static let dynamoDB = AWSJSONService(
        name: "DynamoDB", targetPrefix: "DynamoDB_20120810.", contentType: "application/x-amz-json-1.0",
        signingName: "dynamodb", endpointVariable: "AWS_ENDPOINT_URL_DYNAMODB", hostPrefix: "dynamodb")

    public static let secretsManager = AWSJSONService(
        name: "Secrets Manager", targetPrefix: "secretsmanager.", contentType: "application/x-amz-json-1.1",
        signingName: "secretsmanager", endpointVariable: "AWS_ENDPOINT_URL_SECRETS_MANAGER", hostPrefix: "secretsmanager")
}
