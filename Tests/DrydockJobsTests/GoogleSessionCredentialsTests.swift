import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockJobs
import DrydockTesting
import Synchronization
import Testing

/// A job that also calls AWS hands its credential chain to the session, so the shared token store does
/// not fetch the instance's credentials a second time.
@Suite(.timeLimit(.minutes(1))) struct GoogleSessionCredentialsTests {
    /// Counts the store's asks, passing them on.
    final class CountingCredentials: AWSCredentialProvider {
        let inner: any AWSCredentialProvider
        let asks = Mutex(0)
        init(_ inner: any AWSCredentialProvider) { self.inner = inner }
        var name: String { "counting" }
        func expiringCredentials() throws -> ExpiringAWSCredentials {
            asks.withLock { $0 += 1 }
            return try inner.expiringCredentials()
        }
        func credentials() throws -> AWSCredentials {
            asks.withLock { $0 += 1 }
            return try inner.credentials()
        }
    }

    @Test func theSharedTokenStoreUsesTheCredentialsItIsGiven() throws {
        try withEmulators(.inProcess) { harness in
            var environment = harness.environment
            environment.values["DRYDOCK_TOKEN_STORE"] = "secretsmanager"
            environment.values["DRYDOCK_TOKEN_SECRET"] = "drydock/google-token"
            environment.values["DRYDOCK_TOKEN_REGION"] = "us-east-1"
            let given = CountingCredentials(AWSCredentialChain(environment: environment, transport: harness.transport, clock: SystemClock()))
            let session = try GoogleSession(environment: environment, transport: harness.transport, awsCredentials: given)
            _ = try session.refresher.refresh(rejecting: nil, force: true)
            #expect(given.asks.withLock { $0 } > 0)
            #expect(harness.journal(service: "secretsmanager", operation: "PutSecretValue").count == 1)
        }
    }
}
