import DynamoDBEmulator
import EmulatorKit
import Foundation
import GmailEmulator
import GoogleOAuthEmulator
import IMDSEmulator
import SheetsEmulator

/// Every service emulator behind one edge router, loaded from one fixture set.
public enum EmulatorSuite {
    /// Loads `fixturesDirectory` (a set such as `fixtures/default`) and builds the edge router.
    ///
    /// - Parameters:
    ///   - clock: the virtual clock all emulators read.
    ///   - faultSeed: seeds fault-rule probabilities (reproducible runs).
    ///   - log: one line per request.
    public static func makeRouter(
        fixturesDirectory: String, clock: VirtualClock = VirtualClock(), faultSeed: UInt64 = 0,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(FixtureError) -> EdgeRouter {
        let oauth = try GoogleOAuthEmulator(fixturesDirectory: fixturesDirectory, clock: clock)
        let gmail = try GmailEmulator(fixturesDirectory: fixturesDirectory, authority: oauth.authority)
        let sheets = try SheetsEmulator(fixturesDirectory: fixturesDirectory, authority: oauth.authority)
        let imds = try IMDSEmulator(fixturesDirectory: fixturesDirectory, clock: clock)
        let dynamodb = try DynamoDBEmulator(fixturesDirectory: fixturesDirectory, clock: clock, authority: imds.authority)
        return EdgeRouter(emulators: [oauth, gmail, sheets, imds, dynamodb], clock: clock, faultSeed: faultSeed, log: log)
    }
}
