import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockHTTP
import Foundation
import Testing

/// The IMDS provider against a scripted metadata service: tokens, fallback, role discovery, caching.
@Suite struct IMDSCredentialProviderTests {
    let clock = ManualClock()
    let warnings = WarningLog()
    let imds: FakeIMDS

    init() { imds = FakeIMDS(expiration: clock.now().addingTimeInterval(6 * 3600)) }

    func provider(_ environment: [String: String] = [:]) -> IMDSCredentialProvider {
        IMDSCredentialProvider(
            environment: Environment(environment), transport: imds.transport, clock: clock, warnings: warnings.sink)
    }

    @Test func imdsV2DiscoversTheRoleAndReturnsItsCredentials() throws {
        let credentials = try provider().expiringCredentials()

        #expect(credentials.credentials.accessKeyID == "ASIAFAKE1")
        #expect(credentials.credentials.secretAccessKey == FakeIMDS.secret(1))
        #expect(credentials.credentials.sessionToken == FakeIMDS.sessionToken(1))
        #expect(credentials.expiration == clock.now().addingTimeInterval(6 * 3600))
        #expect(imds.requests.map { "\($0.method) \($0.target)" } == [
            "PUT /latest/api/token",
            "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/drydock-role",
        ])
        #expect(imds.tokenRequests[0].headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600")
        #expect(imds.getRequests.allSatisfy { $0.headers["x-aws-ec2-metadata-token"] == "fake-imds-token-1" })
        #expect(imds.requests[0].headers["Host"] == "169.254.169.254")
        #expect(warnings.all.isEmpty)
    }

    @Test func cachedCredentialsAreServedWithoutContactingIMDS() throws {
        let provider = provider()
        let first = try provider.credentials()
        clock.advance(seconds: 5 * 3600)  // 60 minutes left: outside the advisory window
        #expect(try provider.credentials() == first)
        #expect(imds.requests.count == 3)
    }

    @Test func theSessionTokenIsReusedUntilNearItsTTL() throws {
        let provider = provider()
        _ = try provider.credentials()
        imds.update { $0.expiration = clock.now().addingTimeInterval(12 * 3600) }
        clock.advance(seconds: 6 * 3600 - 5 * 60)  // mandatory window: must refresh; token is 5h55m old
        #expect(try provider.credentials().accessKeyID == "ASIAFAKE2")
        #expect(imds.tokenRequests.count == 1)
        #expect(imds.getRequests.last?.headers["x-aws-ec2-metadata-token"] == "fake-imds-token-1")

        imds.update { $0.expiration = clock.now().addingTimeInterval(6 * 3600) }
        clock.advance(seconds: 6 * 3600 - 5 * 60 - 1)  // token now beyond its 6 h TTL (less the margin)
        #expect(try provider.credentials().accessKeyID == "ASIAFAKE3")
        #expect(imds.tokenRequests.count == 2)
        #expect(imds.getRequests.last?.headers["x-aws-ec2-metadata-token"] == "fake-imds-token-2")
    }

    @Test(arguments: [403, 404, 405])
    func aRefusedTokenRequestFallsBackToIMDSv1(status: Int) throws {
        imds.update { $0.tokenStatus = status }
        let credentials = try provider().credentials()
        #expect(credentials.accessKeyID == "ASIAFAKE1")
        #expect(imds.getRequests.count == 2)
        #expect(imds.getRequests.allSatisfy { $0.headers["x-aws-ec2-metadata-token"] == nil })
    }

    @Test func v1DisabledTurnsTheFallbackIntoAnError() throws {
        imds.update { $0.tokenStatus = 405 }
        let error = try #require(throws: CredentialError.self) {
            try provider(["AWS_EC2_METADATA_V1_DISABLED": "true"]).credentials()
        }
        #expect(error.code == .imdsDisabled)
        #expect(error.message.contains("AWS_EC2_METADATA_V1_DISABLED"))
        #expect(error.message.contains("http://169.254.169.254/latest/api/token"))
        #expect(imds.getRequests.isEmpty)
    }

    @Test func metadataDisabledNeverContactsIMDS() throws {
        let error = try #require(throws: CredentialError.self) {
            try provider(["AWS_EC2_METADATA_DISABLED": "TRUE"]).credentials()
        }
        #expect(error.code == .imdsDisabled)
        #expect(imds.requests.isEmpty)
    }

    @Test func theEndpointVariableIsHonoured() throws {
        _ = try provider(["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1338"]).credentials()
        #expect(imds.requests.allSatisfy { $0.headers["Host"] == "127.0.0.1:1338" })
    }

    @Test func anInstanceWithoutARoleIsAConfigurationError() throws {
        imds.update { $0.role = nil }
        let error = try #require(throws: CredentialError.self) { try provider().credentials() }
        #expect(error.code == .imdsNoRole)
        #expect(error.exitStatus == .configuration)
    }

    @Test func aRejectedSessionTokenIsReplacedOnce() throws {
        let provider = provider()
        _ = try provider.credentials()
        // IMDS restarted and forgot its tokens: the cached one now draws 401s.
        imds.update { $0.tokensIssued += 1 }
        clock.advance(seconds: 6 * 3600 - 5 * 60)  // the token is still within its TTL
        imds.update { $0.expiration = clock.now().addingTimeInterval(6 * 3600) }
        #expect(try provider.credentials().accessKeyID == "ASIAFAKE2")
        #expect(imds.tokenRequests.count == 2)
        #expect(imds.getRequests.suffix(3).map { $0.headers["x-aws-ec2-metadata-token"] } == [
            "fake-imds-token-1", "fake-imds-token-3", "fake-imds-token-3",
        ])
    }

    @Test func concurrentCallersShareOneFetch() throws {
        let provider = provider()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in _ = try? provider.credentials() }
        #expect(imds.requests.count == 3)
        #expect(try provider.credentials().accessKeyID == "ASIAFAKE1")
    }

    @Test func requestsUseShortTimeouts() throws {
        imds.update { $0.mode = .hanging }
        let error = try #require(throws: CredentialError.self) { try provider().credentials() }
        #expect(error.code == .imdsUnavailable)
        #expect(error.message.contains("http://169.254.169.254/latest/meta-data/iam/security-credentials/"))
        // One attempt for the token (timeout → IMDSv1), one for the role: botocore's defaults.
        #expect(imds.requests.count == 2)
    }
}
