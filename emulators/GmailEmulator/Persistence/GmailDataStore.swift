import DrydockCore
import EmulatorKit
import Foundation

/// The Gmail emulator's durable state under `--data-dir DIR` (in `DIR/gmail/`), with DynamoDB's
/// crash-safe layout (`DataDirectory`, `WriteAheadLog`):
///
/// ```text
/// DIR/gmail/generation-000000.wal    every write since the fixtures were loaded (no snapshot yet)
/// DIR/gmail/generation-000003/gmail/<address>.json   a snapshot: one file per mailbox (`GmailSnapshot`)
/// DIR/gmail/generation-000003.wal    every write acknowledged since that snapshot
/// ```
///
/// Every write's changes are one log record (`{"mailbox", "address", "changes"}`), appended and
/// `fdatasync`ed before the client gets its answer. At start the newest snapshot (or, before the first,
/// the fixtures) is loaded and the log replayed. Past `compactionThreshold` bytes of log the state
/// becomes a new snapshot generation and the log restarts, so the fixtures stay as they are and a
/// restart never reads more than one snapshot and one log.
final class GmailDataStore: Sendable {
    /// What the data directory holds at start.
    struct Recovered {
        /// The newest snapshot's mailbox files, nil when there is none yet (load the fixtures).
        let snapshot: [(name: String, bytes: [UInt8])]?
        let records: [JSONValue]
    }

    static let defaultCompactionThreshold = 16 << 20
    let log: GenerationLog
    var path: String { log.path }
    var compactionThreshold: Int { log.compactionThreshold }

    static func open(path: String, compactionThreshold: Int = defaultCompactionThreshold) throws(DataDirectoryError) -> (GmailDataStore, Recovered) {
        let directory = try DataDirectory(path: path)
        let generation = try directory.latestGeneration() ?? 0
        let snapshot = generation == 0 ? nil : try directory.readSnapshotFiles(generation, in: GmailSnapshot.folder)
        let (records, validSize) = try WriteAheadLog.read(name: directory.logName(generation), in: directory)
        let log = try GenerationLog(directory: directory, generation: generation, logValidSize: validSize, compactionThreshold: compactionThreshold)
        return (GmailDataStore(log: log), Recovered(snapshot: snapshot, records: records))
    }

    private init(log: GenerationLog) { self.log = log }

    /// Makes `record` durable; past the threshold, writes `snapshot()` as a new generation.
    func append(_ record: JSONValue, snapshot: () -> [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        try log.append(record, snapshot: snapshot)
    }

    /// Writes `files` as the next generation now (`reset`, and compaction).
    func startGeneration(_ files: [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        try log.startGeneration(files)
    }
}
