import DrydockCore
import DrydockFixtures
import EmulatorKit
import Emulators
import Foundation

extension EmulatorHarness {
    /// A secrets directory for another simulated host (0700, with the refresh token and OAuth client the
    /// fixtures' token endpoint accepts, and no cached token), at `<scratch>/hosts/<name>/.secrets`; its
    /// parent serves as that host's `HOME`.
    public func makeHostSecretsDirectory(_ name: String) throws -> String {
        let hosts = scratch.appending("hosts")
        let home = hosts + "/" + name
        for directory in [hosts, home] where mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw HarnessError("cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        let secrets = home + "/.secrets"
        _ = try Sandbox.write(to: secrets, fixturesDirectory: fixturesDirectory, baseURL: baseURL)
        return secrets
    }
}

/// The emulators' virtual time for the code under test: `now` reads it and `sleep` advances it without
/// waiting, so a wait of minutes (a lease running out, a backoff) costs no real time and the emulators'
/// signature checks, expiries and recovery windows see the same instant as the client.
public struct EmulatorTimeClock: WallClock {
    public let clock: VirtualClock

    public init(_ clock: VirtualClock) { self.clock = clock }

    public func now() -> Date { clock.now() }
    public func sleep(seconds: Double) { clock.advance(seconds: seconds) }
}
