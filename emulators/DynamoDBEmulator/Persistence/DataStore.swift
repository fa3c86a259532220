import DrydockCore
import EmulatorKit
import Foundation
import Synchronization

/// The DynamoDB emulator's durable state under `--data-dir`: the newest snapshot plus a write-ahead log
/// of every write acknowledged since.
///
/// Every mutating request runs inside `commit`, one at a time: the emulator applies it, the record is
/// appended and `fdatasync`ed, and only then does the client get its answer — so a restart after
/// SIGKILL (or a power loss) loses no acknowledged write. Reads never wait for the log. When the log
/// passes `compactionThreshold` bytes, the current state becomes a new snapshot and the log restarts.
public final class DataStore: Sendable {
    /// What the newest generation holds, for the emulator to load and replay.
    struct Recovered {
        let snapshotPath: String
        /// The snapshot's files, read through the data directory (`DataDirectory.readSnapshot`).
        let snapshotFiles: [(path: String, bytes: [UInt8])]
        let logPath: String
        let tableSequence: UInt64
        let identities: [String: DynamoDBFixtures.TableIdentity]
        let records: [JSONValue]
    }

    private struct Writer {
        let directory: DataDirectory
        var generation: Int
        /// nil until `startGeneration` (between open and the first snapshot).
        var log: WriteAheadLog?
    }

    /// Log size (bytes) past which the state is snapshotted and the log restarted.
    public static let defaultCompactionThreshold = 16 << 20
    let path: String
    let compactionThreshold: Int
    private let writer: Mutex<Writer>

    /// Opens (creating) `path` and reads its newest generation; nil `Recovered` for a new directory.
    static func open(path: String, compactionThreshold: Int) throws(DataDirectoryError) -> (store: DataStore, recovered: Recovered?) {
        let directory = try DataDirectory(path: path)
        guard let generation = try directory.latestGeneration() else {
            return (DataStore(path: path, compactionThreshold: compactionThreshold, directory: directory, generation: 0), nil)
        }
        let snapshot = directory.snapshotPath(generation)
        let files = try directory.readSnapshot(generation)
        let metadata = try SnapshotMetadata.read(files: files, snapshotPath: snapshot)
        let records = try WriteAheadLog.read(name: directory.logName(generation), in: directory).records
        let recovered = Recovered(
            snapshotPath: snapshot, snapshotFiles: files, logPath: directory.logPath(generation),
            tableSequence: metadata.tableSequence, identities: metadata.identities, records: records)
        return (DataStore(path: path, compactionThreshold: compactionThreshold, directory: directory, generation: generation), recovered)
    }

    private init(path: String, compactionThreshold: Int, directory: sending DataDirectory, generation: Int) {
        self.path = path
        self.compactionThreshold = compactionThreshold
        writer = Mutex(Writer(directory: directory, generation: generation))
    }

    /// Writes `snapshot` as the next generation, opens its (empty) log and removes older generations.
    func startGeneration(_ snapshot: @Sendable () -> [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        try writer.withLock { (writer) throws(DataDirectoryError) in try Self.rotate(&writer, snapshot()) }
    }

    /// Runs `apply` (a write) and, when it succeeds, makes `record` durable before returning its answer.
    /// Writes are serialized here so the log's order is the order they were applied in.
    func commit<Answer>(
        record: (Answer) -> JSONValue?, snapshot: () -> [(path: String, bytes: [UInt8])],
        _ apply: () throws(DynamoDBError) -> Answer
    ) throws(DynamoDBError) -> Answer {
        try writer.withLock { (writer) throws(DynamoDBError) -> Answer in
            let answer = try apply()
            guard let entry = record(answer) else { return answer }
            do {
                guard let log = writer.log else { throw DataDirectoryError(path: path, reason: "has no open log") }
                try log.append(entry)
                if log.size > compactionThreshold { try Self.rotate(&writer, snapshot()) }
            } catch {
                // Applied in memory but not durable: answer as DynamoDB does when a write's outcome is
                // unknown (the SDKs retry a 500), and say why on the server's side.
                throw DynamoDBError(type: "InternalServerError", message: "Internal server error (\(error))", status: 500)
            }
            return answer
        }
    }

    private static func rotate(_ writer: inout Writer, _ files: [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        let next = writer.generation + 1
        writer.log = try writer.directory.startGeneration(next, files: files)
        writer.generation = next
    }
}
