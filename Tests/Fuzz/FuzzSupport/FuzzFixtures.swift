import DrydockCore
import DrydockFixtures
import EmulatorKit
import Foundation

/// Where the fuzz targets' emulators get their data and their time.
public enum FuzzFixtures {
    /// The bundled default set (`fixtures/default`): the mailboxes, trip sheets and OAuth clients.
    public static var defaultDirectory: String { DrydockFixtures.defaultDirectory }

    /// `Tests/Fuzz/Fixtures`: a DynamoDB table holding every attribute type, with a GSI and an LSI, for
    /// the DynamoDB targets. Found next to this source file (the fuzz binaries are built from the
    /// repository); `DRYDOCK_FUZZ_FIXTURES` overrides it.
    public static var fuzzDirectory: String {
        if let override = ProcessInfo.processInfo.environment["DRYDOCK_FUZZ_FIXTURES"] { return override }
        let support = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return support.deletingLastPathComponent().appendingPathComponent("Fixtures").path
    }

    /// 2026-11-26T12:00:00Z, after every fixture message: a frozen virtual clock, so an access token
    /// obtained at start never expires during a long run and `newer_than:` answers the same on every run.
    public static let now = Date(timeIntervalSince1970: 1_795_694_400)

    /// A virtual clock stopped at `now`.
    public static func frozenClock() -> VirtualClock { VirtualClock(base: ManualClock(now: now)) }
}
