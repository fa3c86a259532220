import DrydockTesting
@testable import DynamoDBEmulator
import EmulatorKit

extension DynamoDBEmulator {
    /// An emulator over `fixtures` (default: `scratch`'s `fixtures` folder) keeping its data in `scratch`'s
    /// `data` folder, signatures off, on a fresh virtual clock: what the persistence tests open, close and
    /// open again.
    static func persisted(in scratch: TemporaryDirectory, fixtures: String? = nil, compactionThreshold: Int) throws -> DynamoDBEmulator {
        try DynamoDBEmulator(
            fixturesDirectory: fixtures ?? scratch.appending("fixtures"), clock: VirtualClock(), authenticator: AcceptAllAuthenticator(),
            dataDirectory: scratch.appending("data"), compactionThreshold: compactionThreshold)
    }
}
