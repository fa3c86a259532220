import Foundation

/// The time source every component reads, injected so tests are exact and never sleep for real.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date
    /// Waits `seconds`; a test clock advances its time instead of blocking.
    func sleep(seconds: Double)
}

/// Real time.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        var spec = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&spec, &remaining) == -1 && errno == EINTR { spec = remaining }
    }
}

/// A clock for tests: `sleep` advances time immediately and records each wait.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var _sleeps: [Double] = []

    public init(now: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = now }

    public func now() -> Date { lock.withLock { current } }
    public func sleep(seconds: Double) {
        lock.withLock {
            _sleeps.append(seconds)
            current = current.addingTimeInterval(max(0, seconds))
        }
        // Give real threads and processes a moment: a test polling a real resource (a file lock that a
        // child briefly holds between fork and exec) would otherwise burn its whole virtual deadline in
        // microseconds. 50 µs per wait keeps a 60 s virtual deadline of 50 ms polls under 0.1 s.
        usleep(50)
    }
    /// Moves time forward without recording a sleep.
    public func advance(seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }
    /// Every `sleep` so far, in order.
    public var sleeps: [Double] { lock.withLock { _sleeps } }
}
