import DrydockHTTP
import EmulatorKit

/// What the edge needs from a Secrets Manager request's headers: the action (`X-Amz-Target:
/// secretsmanager.<Action>`; the region is `AWSJSONRequest`'s, the SigV4 credential scope's).
enum SecretsManagerTarget {
    static let prefix = "secretsmanager."

    static func action(of request: HTTPRequest) -> String? { AWSJSONRequest.action(of: request, prefix: prefix) }

    /// Every Secrets Manager action (API version 2017-10-17), implemented or not, so fault rules may name any.
    static let knownActions = [
        "BatchGetSecretValue", "CancelRotateSecret", "CreateSecret", "DeleteResourcePolicy", "DeleteSecret", "DescribeSecret",
        "GetRandomPassword", "GetResourcePolicy", "GetSecretValue", "ListSecretVersionIds", "ListSecrets", "PutResourcePolicy",
        "PutSecretValue", "RemoveRegionsFromReplication", "ReplicateSecretToRegions", "RestoreSecret", "RotateSecret",
        "StopReplicationToReplica", "TagResource", "UntagResource", "UpdateSecret", "UpdateSecretVersionStage",
        "ValidateResourcePolicy",
    ]
}
