import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockHTTP
import Foundation
import Testing

/// The default chain: environment first, IMDS second, and an error that lists both.
@Suite struct AWSCredentialChainTests {
    let clock = ManualClock()
    let imds: FakeIMDS

    init() { imds = FakeIMDS(expiration: clock.now().addingTimeInterval(3600)) }

    func chain(_ environment: [String: String]) -> AWSCredentialChain {
        AWSCredentialChain(environment: Environment(environment), transport: imds.transport, clock: clock)
    }

    @Test func theEnvironmentWinsAndIMDSIsNeverAsked() throws {
        let credentials = try chain([
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
        ]).expiringCredentials()
        #expect(credentials.credentials == AWSCredentials(accessKeyID: "AKIAENV", secretAccessKey: "env-secret", sessionToken: "env-token"))
        #expect(credentials.source == "environment")
        #expect(credentials.expiration == nil)
        #expect(imds.requests.isEmpty)
    }

    @Test func withoutEnvironmentKeysIMDSIsUsed() throws {
        let credentials = try chain([:]).expiringCredentials()
        #expect(credentials.credentials.accessKeyID == "ASIAFAKE1")
        #expect(credentials.source == "imds (role drydock-role)")
    }

    @Test(arguments: [["AWS_ACCESS_KEY_ID": "AKIAENV"], ["AWS_SECRET_ACCESS_KEY": "env-secret"]])
    func halfAKeyPairStopsTheChain(environment: [String: String]) throws {
        let error = try #require(throws: CredentialError.self) { try chain(environment).credentials() }
        #expect(error.code == .awsEnvironmentIncomplete)
        #expect(!error.message.contains("env-secret"))
        #expect(imds.requests.isEmpty)
    }

    @Test func whenNothingHasCredentialsTheErrorListsEveryProvider() throws {
        imds.update { $0.mode = .down }
        let error = try #require(throws: CredentialError.self) { try chain([:]).credentials() }
        #expect(error.code == .awsCredentialsNotFound)
        #expect(error.exitStatus == .configuration)
        #expect(error.message.contains("- environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"))
        #expect(error.message.contains("- imds: IMDS GET http://169.254.169.254/latest/meta-data/iam/security-credentials/ failed"))
    }

    @Test func anUnusableIMDSEndpointStopsTheChain() throws {
        let error = try #require(throws: CredentialError.self) {
            try chain(["AWS_EC2_METADATA_SERVICE_ENDPOINT": "169.254.169.254"]).credentials()
        }
        #expect(error.code == .imdsEndpointInvalid)
        #expect(error.exitStatus == .configuration)
        #expect(imds.requests.isEmpty)
    }

    @Test func imdsDisabledIsListedAsTried() throws {
        let error = try #require(throws: CredentialError.self) {
            try chain(["AWS_EC2_METADATA_DISABLED": "true"]).credentials()
        }
        #expect(error.message.contains("- imds: IMDS is disabled by AWS_EC2_METADATA_DISABLED=true"))
        #expect(imds.requests.isEmpty)
    }
}
