import Foundation

/// How long a test waits for an event that a healthy run delivers at once. It exists only so a broken build
/// fails instead of deadlocking the run; it is never a performance bound, so it is far above anything a
/// loaded 2-core CI machine needs — including the stretches, seen at 40–60 s in full runs, when the tests
/// that block a thread on a child process hold both of Swift concurrency's cooperative threads and an
/// async test's continuation cannot run (a 20 s guard then fired mid-test in a healthy run).
let deadlockGuardSeconds: Double = 120

/// A latch that opens once and stays open. Tests open it to release a responder parked on a connection
/// thread, or to record that an event (a hanging request ending, say) has happened, so they can assert on
/// the order of events instead of on elapsed time.
final class Gate: @unchecked Sendable {
    // @unchecked: `opened` is only read or written while `condition` is locked.
    private let condition = NSCondition()
    private var opened = false

    func open() {
        condition.lock()
        defer { condition.unlock() }
        opened = true
        condition.broadcast()
    }

    var isOpen: Bool {
        condition.lock()
        defer { condition.unlock() }
        return opened
    }

    /// Blocks the calling thread (never call it from async code) until the gate opens; false if
    /// `timeout` seconds pass first.
    func wait(timeout: Double = deadlockGuardSeconds) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while !opened {
            if !condition.wait(until: deadline) { return opened }
        }
        return true
    }
}

/// A meeting point for responders on different connection threads: each caller arrives and waits until
/// `parties` callers are inside at the same moment. Proves concurrency by events, not by timing.
final class Rendezvous: @unchecked Sendable {
    // @unchecked: `inside` and `met` are only read or written while `condition` is locked.
    private let condition = NSCondition()
    private let parties: Int
    private var inside = 0
    private var met = false

    init(parties: Int) { self.parties = parties }

    /// Blocks the calling thread until `parties` callers are inside at once (true), or `timeout` seconds
    /// pass first (false, and the caller leaves): callers served one after another never meet.
    func arriveAndWait(timeout: Double = deadlockGuardSeconds) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        inside += 1
        if inside >= parties {
            met = true
            condition.broadcast()
        }
        while !met, condition.wait(until: deadline) {}
        inside -= 1
        return met
    }
}
