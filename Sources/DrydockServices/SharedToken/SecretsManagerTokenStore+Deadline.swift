import DrydockCredentials
import Foundation

/// The store's time limits: the refresh deadline on every AWS call of a refresh, and the lease release's
/// own short budget.
extension SecretsManagerTokenStore {
    /// This store with every AWS call (Secrets Manager and the lease's take and confirm) bounded by the
    /// request's refresh deadline: a hanging endpoint costs at most the time left, and the `flock` the
    /// refresher holds around ``refresh(_:)`` is not held longer.
    func bounded(by request: TokenStoreRefresh) -> SecretsManagerTokenStore {
        let length = CredentialError.seconds(request.deadline.timeIntervalSince(request.start))
        let deadline = AWSCallDeadline(request.deadline, name: "the refresh deadline (\(length))")
        var store = self
        store.secrets.deadline = deadline
        store.lease.client.deadline = deadline
        return store
    }

    /// The lease release's limit, from now: ``Configuration/releaseBudget``.
    func releaseDeadline() -> AWSCallDeadline {
        AWSCallDeadline(
            clock.now().addingTimeInterval(configuration.releaseBudget),
            name: "the lease release budget (\(CredentialError.seconds(configuration.releaseBudget)))")
    }
}
