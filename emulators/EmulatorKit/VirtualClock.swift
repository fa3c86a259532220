import DrydockCore
import Foundation
import Synchronization

/// The emulators' shared clock: real time plus an offset that `POST /_drydock/clock/advance` moves
/// forward. Every emulator's expiry logic reads it, so tests expire tokens without waiting.
public final class VirtualClock: WallClock, Sendable {
    private let offset = Mutex<Double>(0)
    private let base: WallClock

    /// - Parameter base: the underlying time source (the system clock, or a `ManualClock` in tests).
    public init(base: WallClock = SystemClock()) { self.base = base }

    public func now() -> Date { base.now().addingTimeInterval(offset.withLock { $0 }) }

    /// Moves virtual time forward by `seconds` (never backward).
    public func advance(seconds: Double) { offset.withLock { $0 += max(0, seconds) } }

    /// Seconds virtual time is ahead of the base clock.
    public var advancedSeconds: Double { offset.withLock { $0 } }

    /// Sleeps on the base clock.
    public func sleep(seconds: Double) { base.sleep(seconds: seconds) }

    /// Back to the base clock's time (used by `POST /_drydock/reset`).
    public func reset() { offset.withLock { $0 = 0 } }
}
