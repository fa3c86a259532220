import DrydockCore
import DrydockCredentials
import Foundation

/// What `drydock preflight` checks of the shared store before a rollout, without refreshing or writing.
extension SecretsManagerTokenStore {
    /// The state of each shared resource, as this host's role sees it.
    public struct Inspection: Sendable {
        /// The token secret's `AWSCURRENT` (nil: the secret has no value yet), or why it cannot be read.
        public let token: Result<SharedTokenState?, CredentialError>
        /// Whether the role may write the lease item (and the item's state), or why not.
        public let lease: Result<LeaseState, CredentialError>
        /// The credentials secret, when one is configured: usable (the client id), or why not.
        public let credentials: Result<String, CredentialError>?
    }

    /// The shared token, described without its value.
    public struct SharedTokenState: Sendable, Equatable {
        public let token: CachedToken
        public let refreshedBy: String?
        public let fence: Int?
    }

    /// The lease item as the table holds it.
    public struct LeaseState: Sendable, Equatable {
        /// The current holder and until when, if the lease is taken.
        public let holder: String?
        public let until: Date?
        /// The last fencing number (0 when no host ever took the lease).
        public let fence: Int
    }

    /// Reads the secret(s) and probes the lease table with an `UpdateItem` whose condition can never hold
    /// (`attribute_exists(lock_id) AND attribute_not_exists(lock_id)`): `ConditionalCheckFailedException`
    /// proves the table exists and the role may write the item, and nothing changes. The failure returns
    /// the item (`ALL_OLD`), which shows the lease.
    public func inspect() -> Inspection {
        let token: Result<SharedTokenState?, CredentialError> = Result {
            try sharedToken().map { SharedTokenState(token: $0.token, refreshedBy: $0.refreshedBy, fence: $0.fence) }
        }.mapError(Self.credentialError)
        let lease = Result { try probeLease() }.mapError(Self.credentialError)
        let credentials = settings.credentialsSecretID.map { _ in
            Result { try grantCredentials().client.clientID }.mapError(Self.credentialError)
        }
        return Inspection(token: token, lease: lease, credentials: credentials)
    }

    private func probeLease() throws -> LeaseState {
        do {
            _ = try lease.client.call("UpdateItem", [
                "TableName": .string(settings.lockTable),
                "Key": ["lock_id": ["S": .string(settings.secretID)]],
                "UpdateExpression": "SET #probe = :probe",
                "ConditionExpression": "attribute_exists(#key) AND attribute_not_exists(#key)",
                "ExpressionAttributeNames": ["#probe": "preflight_probe", "#key": "lock_id"],
                "ExpressionAttributeValues": [":probe": ["BOOL": true]],
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            ])
            // Unreachable with a faithful DynamoDB: the condition is a contradiction.
            return LeaseState(holder: nil, until: nil, fence: 0)
        } catch let error as DynamoDBError where error.code == RefreshLease.conditionFailed {
            let item = error.item
            return LeaseState(
                holder: item?["lease"]?["S"]?.stringValue,
                until: item?["expires_at"]?["N"]?.stringValue.flatMap(Double.init).map(Date.init(timeIntervalSince1970:)),
                fence: item?["fence"]?["N"]?.stringValue.flatMap { Int($0) } ?? 0)
        } catch {
            throw failure(error, doing: "write the refresh lease (UpdateItem)", table: true)
        }
    }

    private static func credentialError(_ error: any Error) -> CredentialError {
        (error as? CredentialError) ?? CredentialError(code: .sharedStoreUnavailable, message: "\(error)")
    }
}
