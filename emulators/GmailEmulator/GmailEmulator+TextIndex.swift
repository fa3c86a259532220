import EmulatorKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The text index is built in the background: one thread, started when the emulator is made (and again
/// after a `reset` of a mailbox of 1,000 messages or more whose index as loaded was not built yet;
/// smaller ones on the first text search), parses the mailboxes' messages (every body) at a lower CPU priority, yielding
/// every 256 messages, and installs each mailbox's index under the lock in one step once it is
/// complete (adding the messages that arrived meanwhile). So every Gmail call that needs no body text
/// (listings, searches by label, date or size, gets, writes) is answered at once during the build, on
/// the emulator's snapshot of the moment.
///
/// A search that needs the text (words, phrases, AROUND, `has:attachment`, `filename:`) and arrives
/// before its mailbox's index is complete waits for it, up to `textIndexWait` (it is then exact,
/// as if indexed from the start); if the index is still not there by then, that search indexes a copy
/// of the mailbox on its own (`Mailbox.slots`), which is also exact, and slower.
extension GmailEmulator {
    /// The background indexer's state: whether its thread runs, and the condition searches wait on.
    final class TextIndexer: @unchecked Sendable {
        let condition = NSCondition()
        /// Guarded by `condition`.
        var running = false
        /// Called on the indexer's thread before each batch of messages, with the mailbox address and
        /// the batch's first slot: tests hold it there to see other calls answered meanwhile.
        let beforeBatch: (@Sendable (_ email: String, _ slot: Int) -> Void)?

        init(beforeBatch: (@Sendable (String, Int) -> Void)?) { self.beforeBatch = beforeBatch }
    }

    /// One mailbox to index: its address, a snapshot, and the `State.generation` it was taken in.
    private struct TextJob {
        let email: String
        let mailbox: Mailbox
        let generation: UInt64
    }

    /// Starts the background indexer unless it is running; it stops once every mailbox has its text
    /// index.
    func startIndexingText() {
        textIndexer.condition.lock()
        let start = !textIndexer.running
        textIndexer.running = true
        textIndexer.condition.unlock()
        guard start else { return }
        let thread = Thread { [self] in indexTextInBackground() }
        thread.name = "gmail-text-index"
        thread.start()
    }

    /// Waits until `email`'s mailbox has its text index (at most `textIndexWait` seconds): the
    /// first text search after a start or reset.
    func indexText(_ email: String) {
        guard mailbox(email)?.index.hasText == false else { return }
        startIndexingText()
        let deadline = Date(timeIntervalSinceNow: textIndexWait)
        textIndexer.condition.lock()
        defer { textIndexer.condition.unlock() }
        while textIndexer.running, mailbox(email)?.index.hasText == false {
            if !textIndexer.condition.wait(until: deadline) { return }
        }
    }

    /// Waits until the background indexer has stopped (no mailbox lacks its text index), at most
    /// `timeout` seconds; whether it stopped. For tests, which cannot see the thread otherwise.
    func waitForTextIndexer(timeout: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        textIndexer.condition.lock()
        defer { textIndexer.condition.unlock() }
        while textIndexer.running {
            if !textIndexer.condition.wait(until: deadline) { return false }
        }
        return true
    }

    private func indexTextInBackground() {
        // A nice value of 10 for this thread only (on Linux the nice value is per thread, and `who` 0
        // is the calling thread): requests' threads get the cores first.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        while let job = nextTextJob() {
            var builder = TextIndexBuilder()
            job.mailbox.collectText(into: &builder, upTo: job.mailbox.index.slotCount, parallel: false) { slot in
                textIndexer.beforeBatch?(job.email, slot)
                sched_yield()
            }
            let large = builder.nextSlot >= 10_000
            let text = builder.finish()
            // Built from the mailbox as loaded: kept for `reset`.
            if let loaded = loadedMailboxes[job.email], job.mailbox.index.hasSameSlots(as: loaded.index) {
                loadedText.withLock { $0[job.email] = text }
            }
            state.withLock { state in
                // A reset meanwhile dropped the mailbox this index was built for; a renumbering of its
                // slots (deletes) made the index's slot numbers wrong: the next job builds it again.
                guard state.generation == job.generation, let current = state.mailboxes[job.email], !current.index.hasText,
                      current.index.layout == job.mailbox.index.layout else { return }
                state.mailboxes[job.email]?.installText(text)
            }
            // Building a big index leaves this thread's arena full of freed chunk tables.
            if large { HeapTrimmer.shared.trimNow() }
            textIndexer.condition.lock()
            textIndexer.condition.broadcast()
            textIndexer.condition.unlock()
        }
    }

    /// The first mailbox (by address) without its text index; nil, and the indexer marked stopped,
    /// when there is none.
    private func nextTextJob() -> TextJob? {
        textIndexer.condition.lock()
        defer { textIndexer.condition.unlock() }
        let job = state.withLock { state -> TextJob? in
            for (email, mailbox) in state.mailboxes.sorted(by: { $0.key < $1.key }) where !mailbox.index.hasText {
                return TextJob(email: email, mailbox: mailbox, generation: state.generation)
            }
            return nil
        }
        if job == nil {
            textIndexer.running = false
            textIndexer.condition.broadcast()
        }
        return job
    }
}
