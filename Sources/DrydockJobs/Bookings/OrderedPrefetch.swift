import Foundation

/// Fetches items one after another on a background thread, at most `depth` ahead of the caller, and
/// hands them over in order: the next message is on the wire while the caller parses this one. One
/// thread fetches, so requests go out in exactly the order (and number) a plain loop would send them;
/// the first failed fetch ends fetching and is rethrown when the caller reaches it.
enum OrderedPrefetch {
    /// Calls `body` with `fetch(item)` for each item, in order. A `body` that throws stops fetching;
    /// the background thread is joined before this returns either way.
    static func forEach<Input: Sendable, Output: Sendable>(
        _ items: [Input], depth: Int = 2, fetch: @escaping @Sendable (Input) throws -> Output,
        body: (Output) throws -> Void
    ) throws {
        guard items.count > 1 else {
            for item in items { try body(try fetch(item)) }
            return
        }
        let queue = Handoff<Output>(capacity: max(1, depth))
        let finished = DispatchSemaphore(value: 0)
        let worker = Thread {
            defer { finished.signal() }
            for item in items {
                let result = Result { try fetch(item) }
                guard queue.put(result) else { return }
                if case .failure = result { return }
            }
        }
        worker.start()
        defer {
            queue.cancel()
            finished.wait()
        }
        for _ in items {
            try body(try queue.take().get())
        }
    }

    /// A bounded first-in first-out handoff between the fetching thread and the caller.
    final class Handoff<Output: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private var results: [Result<Output, any Error>] = []
        private var cancelled = false
        private let capacity: Int

        init(capacity: Int) { self.capacity = capacity }

        /// Waits for room; false once the caller has stopped taking.
        func put(_ result: Result<Output, any Error>) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while results.count >= capacity && !cancelled { condition.wait() }
            guard !cancelled else { return false }
            results.append(result)
            condition.broadcast()
            return true
        }

        func take() -> Result<Output, any Error> {
            condition.lock()
            defer { condition.unlock() }
            while results.isEmpty { condition.wait() }
            let first = results.removeFirst()
            condition.broadcast()
            return first
        }

        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }
    }
}
