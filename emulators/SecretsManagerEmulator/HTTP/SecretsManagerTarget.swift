import DrydockCrypto
import DrydockHTTP

/// What the edge needs from a Secrets Manager request's headers: the action (`X-Amz-Target:
/// secretsmanager.<Action>`) and the region (the SigV4 credential scope's; us-east-1 without one).
enum SecretsManagerTarget {
    static let prefix = "secretsmanager."
    static let defaultRegion = "us-east-1"

    static func action(of request: HTTPRequest) -> String? {
        guard let target = request.headers["X-Amz-Target"], target.hasPrefix(prefix) else { return nil }
        return String(target.dropFirst(prefix.count))
    }

    static func region(of request: HTTPRequest) -> String {
        guard let authorization = request.headers["Authorization"] else { return defaultRegion }
        return SigV4Authorization.credentialRegion(in: authorization) ?? defaultRegion
    }

    /// `us-east-1`, `us-gov-west-1`: lower-case letters, digits and single hyphens between them, at
    /// most 50 bytes — anything else could not be a region, nor name a snapshot file safely.
    static func isRegion(_ text: String) -> Bool {
        guard text.utf8.count <= 50, let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }

    /// Every Secrets Manager action (API version 2017-10-17), implemented or not, so fault rules may name any.
    static let knownActions = [
        "BatchGetSecretValue", "CancelRotateSecret", "CreateSecret", "DeleteResourcePolicy", "DeleteSecret", "DescribeSecret",
        "GetRandomPassword", "GetResourcePolicy", "GetSecretValue", "ListSecretVersionIds", "ListSecrets", "PutResourcePolicy",
        "PutSecretValue", "RemoveRegionsFromReplication", "ReplicateSecretToRegions", "RestoreSecret", "RotateSecret",
        "StopReplicationToReplica", "TagResource", "UntagResource", "UpdateSecret", "UpdateSecretVersionStage",
        "ValidateResourcePolicy",
    ]
}
