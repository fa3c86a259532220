import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockHTTP
import Foundation
import Testing

/// Refresh windows and static stability: botocore's 15-minute advisory and 10-minute mandatory windows.
@Suite struct IMDSRefreshTests {
    let clock = ManualClock()
    let warnings = WarningLog()
    let imds: FakeIMDS
    let provider: IMDSCredentialProvider

    init() {
        imds = FakeIMDS(expiration: clock.now().addingTimeInterval(3600))
        provider = IMDSCredentialProvider(
            environment: Environment(), transport: imds.transport, clock: clock, warnings: warnings.sink)
    }

    /// Fetches the first credentials, then moves to `remaining` seconds before they expire, with IMDS
    /// about to serve credentials valid for another hour.
    func primed(remaining: Double) throws {
        _ = try provider.credentials()
        clock.advance(seconds: 3600 - remaining)
        imds.update { $0.expiration = clock.now().addingTimeInterval(3600) }
    }

    @Test(arguments: [14 * 60.0, 5 * 60.0])
    func insideEitherWindowFreshCredentialsReplaceTheCache(remaining: Double) throws {
        try primed(remaining: remaining)
        #expect(try provider.credentials().accessKeyID == "ASIAFAKE2")
        #expect(try provider.expiringCredentials().expiration == clock.now().addingTimeInterval(3600))
        #expect(warnings.all.isEmpty)
    }

    @Test func outsideTheWindowsNothingIsRefreshed() throws {
        try primed(remaining: 15 * 60 + 1)
        #expect(try provider.credentials().accessKeyID == "ASIAFAKE1")
        #expect(imds.requests.count == 3)
    }

    @Test(arguments: [FakeIMDS.Mode.down, .garbage], [14 * 60.0, 5 * 60.0])
    func aFailedRefreshKeepsValidCredentialsAndWarns(mode: FakeIMDS.Mode, remaining: Double) throws {
        try primed(remaining: remaining)
        imds.update { $0.mode = mode }

        #expect(try provider.credentials().accessKeyID == "ASIAFAKE1")
        let warning = try #require(warnings.all.first)
        #expect(warning.contains("could not refresh AWS credentials from IMDS"))
        #expect(warning.contains("http://169.254.169.254/latest/"))
        #expect(warning.contains("in \(Int(remaining / 60)) min"))
        #expect(!warning.contains(FakeIMDS.secret(1)) && !warning.contains(FakeIMDS.sessionToken(1)))
    }

    @Test func theIMDSRecoveringEndsTheWarnings() throws {
        try primed(remaining: 5 * 60)
        imds.update { $0.mode = .down }
        _ = try provider.credentials()
        imds.update { $0.mode = .up }
        #expect(try provider.credentials().accessKeyID == "ASIAFAKE2")
        #expect(warnings.all.count == 1)
    }

    @Test(arguments: [FakeIMDS.Mode.down, .garbage])
    func expiredCredentialsThatCannotBeRefreshedAreAnError(mode: FakeIMDS.Mode) throws {
        try primed(remaining: -1)
        imds.update { $0.mode = mode }

        let error = try #require(throws: CredentialError.self) { try provider.credentials() }
        #expect(error.code == .awsCredentialsExpired)
        #expect(error.exitStatus == .transient)
        #expect(error.message.contains("expired at 2027-01-15T09:00:00Z"))
        #expect(error.message.contains("http://169.254.169.254/latest/meta-data/iam/security-credentials/"))
        #expect(!error.description.contains(FakeIMDS.secret(1)))
        #expect(!error.description.contains(FakeIMDS.sessionToken(1)))
    }

    /// A rotation landing mid-fetch: IMDS serves a set that has already expired; the provider asks once
    /// more and uses the new set. Two expired sets in a row are an error, not a loop.
    @Test func alreadyExpiredCredentialsAreFetchedOnceMore() throws {
        imds.update { $0.expiredDocuments = 1 }
        #expect(try provider.credentials().accessKeyID == "ASIAFAKE2")
        #expect(imds.getRequests.filter { $0.path.hasSuffix("/drydock-role") }.count == 2)

        let again = FakeIMDS(expiration: clock.now().addingTimeInterval(3600))
        again.update { $0.expiredDocuments = 5 }
        let stuck = IMDSCredentialProvider(environment: Environment(), transport: again.transport, clock: clock)
        let error = try #require(throws: CredentialError.self) { try stuck.credentials() }
        #expect(error.code == .imdsInvalidResponse && error.message.contains("already expired"))
        #expect(again.getRequests.filter { $0.path.hasSuffix("/drydock-role") }.count == 2)
    }

    @Test func aFirstFetchFailureIsAnErrorWithNoCacheToFallBackOn() throws {
        imds.update { $0.mode = .garbage }
        let error = try #require(throws: CredentialError.self) { try provider.credentials() }
        #expect(error.code == .imdsInvalidResponse)
        #expect(error.message.contains("not JSON"))
    }
}
