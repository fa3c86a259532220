import Foundation

/// Runs blocking work (a semaphore wait, a wait for the background text indexer) on a thread of its
/// own and awaits it, so a test waiting for the indexer holds none of Swift's cooperative threads
/// (two on this machine). Every Gmail emulator a test makes starts a nice'd indexer; in a full
/// parallel run under load they get little CPU, and tests blocking pool threads on them stalled the
/// whole run past other tests' time limits.
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
