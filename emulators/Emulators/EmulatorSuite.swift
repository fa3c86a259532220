import CloudFrontEmulator
import DynamoDBEmulator
import EmulatorKit
import Foundation
import GmailEmulator
import GoogleOAuthEmulator
import IMDSEmulator
import S3Emulator
import SecretsManagerEmulator
import SheetsEmulator

/// Every service emulator behind one edge router, loaded from one fixture set.
public enum EmulatorSuite {
    /// Loads `fixturesDirectory` (a set such as `fixtures/default`) and builds the edge router.
    ///
    /// - Parameters:
    ///   - clock: the virtual clock all emulators read.
    ///   - faultSeed: seeds fault-rule probabilities (reproducible runs).
    ///   - dataDirectory: where DynamoDB keeps its tables and Gmail its mailboxes (in `gmail/`) across
    ///     restarts, S3 its large objects' files (in `s3-objects/`) and Secrets Manager its secrets (in
    ///     `secretsmanager/`) (`--data-dir`); nil keeps them
    ///     in memory (see `DynamoDBEmulator.init(fixturesDirectory:clock:authority:dataDirectory:)`).
    ///   - log: one line per request.
    /// - Throws: `FixtureError` for a bad fixture set, `DataDirectoryError` for a data directory that
    ///   cannot be used.
    public static func makeRouter(
        fixturesDirectory: String, dataDirectory: String? = nil, clock: VirtualClock = VirtualClock(), faultSeed: UInt64 = 0,
        log: (@Sendable (String) -> Void)? = nil
    ) throws -> EdgeRouter {
        let oauth = try GoogleOAuthEmulator(fixturesDirectory: fixturesDirectory, clock: clock)
        let gmail = try dataDirectory.map {
            try GmailEmulator(fixturesDirectory: fixturesDirectory, authority: oauth.authority, dataDirectory: ($0 as NSString).appendingPathComponent("gmail"))
        } ?? GmailEmulator(fixturesDirectory: fixturesDirectory, authority: oauth.authority)
        let sheets = try SheetsEmulator(fixturesDirectory: fixturesDirectory, authority: oauth.authority)
        let imds = try IMDSEmulator(fixturesDirectory: fixturesDirectory, clock: clock)
        let dynamodb = try dataDirectory.map {
            try DynamoDBEmulator(fixturesDirectory: fixturesDirectory, clock: clock, authority: imds.authority, dataDirectory: $0)
        } ?? DynamoDBEmulator(fixturesDirectory: fixturesDirectory, clock: clock, authority: imds.authority)
        let s3 = try S3Emulator(fixturesDirectory: fixturesDirectory, clock: clock, authority: imds.authority, dataDirectory: dataDirectory)
        let cloudfront = try CloudFrontEmulator(
            fixturesDirectory: fixturesDirectory, clock: clock, authority: imds.authority, dataDirectory: dataDirectory)
        let secretsManager = try SecretsManagerEmulator(
            fixturesDirectory: fixturesDirectory, clock: clock, authority: imds.authority,
            dataDirectory: dataDirectory.map { ($0 as NSString).appendingPathComponent("secretsmanager") })
        // S3 before DynamoDB: DynamoDB's endpoint probe answers any `GET /`, S3's ListBuckets included.
        // Gmail and Sheets behind Google's API conventions (fields, alt, unknown parameters, HEAD, gzip, batch).
        return EdgeRouter(emulators: [oauth, gmail.withGoogleConventions(), sheets.withGoogleConventions(), imds, cloudfront, secretsManager, s3, dynamodb], clock: clock, faultSeed: faultSeed, log: log)
    }
}
