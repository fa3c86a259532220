import Foundation

/// Runs scenarios `parallel` at a time (each isolated in its own emulators and sandbox); results come back
/// in the order given, whatever order they finished in.
public enum ScenarioBatch {
    /// - Parameters:
    ///   - failFast: after a failure, start no more scenarios (those not started are left out).
    ///   - started: called as each scenario starts (from worker threads).
    ///   - finished: called once per scenario as it finishes (from worker threads, one call at a time).
    public static func run(
        _ scenarios: [Scenario], runner: ScenarioRunner, parallel: Int, failFast: Bool = false,
        started: @escaping @Sendable (Scenario) -> Void = { _ in },
        finished: @escaping @Sendable (ScenarioResult) -> Void = { _ in }
    ) -> [ScenarioResult] {
        let state = BatchState(count: scenarios.count)
        let workers = max(1, min(parallel, scenarios.count))
        // Threads rather than `concurrentPerform`, which caps concurrency at the core count: the workers
        // mostly wait for their children, so more of them than cores is useful.
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                while let index = state.next(failFast: failFast) {
                    started(scenarios[index])
                    state.finish(index, runner.run(scenarios[index]), finished)
                }
                group.leave()
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        group.wait()
        return state.results
    }
}

final class BatchState: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var failed = false
    private var slots: [ScenarioResult?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func next(failFast: Bool) -> Int? {
        lock.withLock {
            guard nextIndex < slots.count, !(failFast && failed) else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    func finish(_ index: Int, _ result: ScenarioResult, _ report: (ScenarioResult) -> Void) {
        lock.withLock {
            slots[index] = result
            if !result.passed { failed = true }
            report(result)
        }
    }

    var results: [ScenarioResult] { lock.withLock { slots.compactMap { $0 } } }
}
