import DrydockCore
import DrydockCredentials
import DrydockHTTP

/// The Secrets Manager calls the shared token store makes: `GetSecretValue` and `PutSecretValue`.
///
/// Secrets Manager speaks AWS's JSON protocol (1.1, `X-Amz-Target: secretsmanager.<Op>`, SigV4 service
/// `secretsmanager`), so the calls go through a ``DynamoDBClient`` set up for ``AWSJSONService/secretsManager``:
/// the same signing, botocore standard retries and error parsing. Errors are ``DynamoDBError`` values whose
/// `service` is `Secrets Manager`.
public struct SecretsManagerClient: Sendable {
    var rpc: DynamoDBClient

    /// Per-request timeout in seconds.
    public var timeout: Double {
        get { rpc.timeout }
        set { rpc.timeout = newValue }
    }

    /// When set, every call of this value ends by it (see ``AWSCallDeadline``).
    public var deadline: AWSCallDeadline? {
        get { rpc.deadline }
        set { rpc.deadline = newValue }
    }

    /// The region the client signs for.
    public var region: String { rpc.endpoint.region }

    /// - Parameters:
    ///   - region: the secret's region.
    ///   - environment: `AWS_ENDPOINT_URL_SECRETS_MANAGER` (else `AWS_ENDPOINT_URL`) points it elsewhere;
    ///     `AWS_MAX_ATTEMPTS` as for every AWS client.
    /// - Throws: ``DynamoDBConfigurationError`` for a bad region or endpoint URL.
    public init(
        region: String, credentials: any AWSCredentialProvider, transport: any HTTPTransport,
        environment: Environment, clock: any WallClock, retryPolicy: DynamoDBRetryPolicy? = nil, timeout: Double = 30
    ) throws {
        var client = try DynamoDBClient(
            region: region, credentials: credentials, transport: transport, environment: environment, clock: clock,
            retryPolicy: retryPolicy, service: .secretsManager)
        client.timeout = timeout
        rpc = client
    }

    /// Any Secrets Manager operation with its JSON input (`CreateSecret` in tests and setup scripts).
    public func call(_ operation: String, _ input: JSONValue) throws -> JSONValue {
        try rpc.call(operation, input)
    }

    /// One version of a secret as `GetSecretValue` returns it.
    public struct SecretValue: Sendable, Equatable {
        public let arn: String
        public let name: String
        public let versionID: String
        /// `SecretString`; nil for a binary secret.
        public let string: String?
        public let stages: [String]
    }

    /// `GetSecretValue` of `secretID` at `stage` (`AWSCURRENT` by default).
    /// - Throws: ``DynamoDBError`` (e.g. `ResourceNotFoundException`), or `InvalidResponse` when the answer
    ///   lacks `VersionId`.
    public func secretValue(_ secretID: String, stage: String = "AWSCURRENT") throws -> SecretValue {
        let output = try rpc.call("GetSecretValue", .object([
            ("SecretId", .string(secretID)), ("VersionStage", .string(stage)),
        ]))
        guard let versionID = output["VersionId"]?.stringValue else {
            throw DynamoDBError(
                code: "InvalidResponse", message: "GetSecretValue answered without a VersionId", status: 200,
                operation: "GetSecretValue")
        }
        return SecretValue(
            arn: output["ARN"]?.stringValue ?? "", name: output["Name"]?.stringValue ?? secretID, versionID: versionID,
            string: output["SecretString"]?.stringValue,
            stages: output["VersionStages"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// `PutSecretValue`: `string` becomes the secret's `AWSCURRENT` version. `clientRequestToken` (32–64
    /// characters) makes a retried call idempotent: Secrets Manager answers a repeat with the same version.
    /// - Returns: the new version's id.
    /// - Parameter stages: the new version's labels (Secrets Manager's default: AWSCURRENT; a secret's
    ///   first version gets AWSCURRENT whatever is asked).
    @discardableResult
    public func putSecretValue(
        _ secretID: String, string: String, clientRequestToken: String, stages: [String]? = nil
    ) throws -> String {
        var input: [(String, JSONValue)] = [
            ("SecretId", .string(secretID)), ("SecretString", .string(string)),
            ("ClientRequestToken", .string(clientRequestToken)),
        ]
        if let stages { input.append(("VersionStages", .array(stages.map(JSONValue.string)))) }
        let output = try rpc.call("PutSecretValue", .object(input))
        return output["VersionId"]?.stringValue ?? clientRequestToken
    }

    /// `UpdateSecretVersionStage` moving AWSCURRENT to `version` from `current`, the version that held it
    /// when last read (nil: none did). Secrets Manager refuses the move (`InvalidParameterException`) when
    /// AWSCURRENT has meanwhile moved to another version: a compare-and-swap on the secret's current value.
    public func makeCurrent(_ secretID: String, version: String, replacing current: String?) throws {
        var input: [(String, JSONValue)] = [
            ("SecretId", .string(secretID)), ("VersionStage", "AWSCURRENT"), ("MoveToVersionId", .string(version)),
        ]
        if let current, current != version { input.append(("RemoveFromVersionId", .string(current))) }
        _ = try rpc.call("UpdateSecretVersionStage", .object(input))
    }
}
