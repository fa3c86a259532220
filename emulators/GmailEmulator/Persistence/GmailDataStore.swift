import DrydockCore
import EmulatorKit
import Foundation
import Synchronization

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
    private struct Writer {
        let directory: DataDirectory
        var generation: Int
        var log: WriteAheadLog
    }

    /// What the data directory holds at start.
    struct Recovered {
        /// The newest snapshot's mailbox files, nil when there is none yet (load the fixtures).
        let snapshot: [(name: String, bytes: [UInt8])]?
        let records: [JSONValue]
    }

    static let defaultCompactionThreshold = 16 << 20
    let path: String
    let compactionThreshold: Int
    private let writer: Mutex<Writer>

    static func open(path: String, compactionThreshold: Int = defaultCompactionThreshold) throws(DataDirectoryError) -> (GmailDataStore, Recovered) {
        let directory = try DataDirectory(path: path)
        let generation = try directory.latestGeneration() ?? 0
        let snapshot = generation == 0 ? nil : try directory.readSnapshotFiles(generation, in: GmailSnapshot.folder)
        let (records, validSize) = try WriteAheadLog.read(name: directory.logName(generation), in: directory)
        let log = try WriteAheadLog(name: directory.logName(generation), in: directory, validSize: validSize)
        let store = GmailDataStore(path: path, compactionThreshold: compactionThreshold, writer: Writer(directory: directory, generation: generation, log: log))
        return (store, Recovered(snapshot: snapshot, records: records))
    }

    private init(path: String, compactionThreshold: Int, writer: sending Writer) {
        self.path = path
        self.compactionThreshold = compactionThreshold
        self.writer = Mutex(writer)
    }

    /// Makes `record` durable; past the threshold, writes `snapshot()` as a new generation.
    func append(_ record: JSONValue, snapshot: () -> [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        try writer.withLock { (writer) throws(DataDirectoryError) in
            try writer.log.append(record)
            if writer.log.size > compactionThreshold { try Self.rotate(&writer, snapshot()) }
        }
    }

    /// Writes `files` as the next generation now (`reset`, and compaction).
    func startGeneration(_ files: [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        try writer.withLock { (writer) throws(DataDirectoryError) in try Self.rotate(&writer, files) }
    }

    private static func rotate(_ writer: inout Writer, _ files: [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        let next = writer.generation + 1
        writer.log = try writer.directory.startGeneration(next, files: files)
        writer.generation = next
    }
}
