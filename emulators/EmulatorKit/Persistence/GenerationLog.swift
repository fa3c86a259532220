import DrydockCore
import Synchronization

/// A data directory's current generation and its write-ahead log, for the stores that keep a snapshot
/// plus a log (Gmail's, Secrets Manager's): each record appended and `fdatasync`ed before `append`
/// returns, and a new generation (snapshot written durably, log restarted, older generations removed) on
/// `startGeneration` or once the log passes `compactionThreshold` bytes. Appends are serialized, so the
/// log's order is the order they were made in.
package final class GenerationLog: Sendable {
    private struct Writer {
        let directory: DataDirectory
        var generation: Int
        /// nil until the first `startGeneration` when the directory had no generation yet.
        var log: WriteAheadLog?
    }

    /// The data directory, for messages.
    package let path: String
    package let compactionThreshold: Int
    private let writer: Mutex<Writer>

    /// With `logValidSize` (from `WriteAheadLog.read`), generation `generation`'s log is opened for
    /// appending, its torn tail cut off; without, there is no open log and `append` fails until
    /// `startGeneration`.
    package init(directory: sending DataDirectory, generation: Int, logValidSize: Int?, compactionThreshold: Int) throws(DataDirectoryError) {
        path = directory.path
        self.compactionThreshold = compactionThreshold
        let log = try logValidSize.map { (size) throws(DataDirectoryError) in
            try WriteAheadLog(name: directory.logName(generation), in: directory, validSize: size)
        }
        writer = Mutex(Writer(directory: directory, generation: generation, log: log))
    }

    /// Makes `record` durable; past the threshold, writes `snapshot()` as a new generation.
    package func append(_ record: JSONValue, snapshot: () -> [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        try writer.withLock { (writer) throws(DataDirectoryError) in
            guard let log = writer.log else { throw DataDirectoryError(path: path, reason: "has no open log") }
            try log.append(record)
            if log.size > compactionThreshold { try Self.rotate(&writer, snapshot()) }
        }
    }

    /// Writes `files` as the next generation now (a start, `reset`, compaction).
    package func startGeneration(_ files: [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        try writer.withLock { (writer) throws(DataDirectoryError) in try Self.rotate(&writer, files) }
    }

    private static func rotate(_ writer: inout Writer, _ files: [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        let next = writer.generation + 1
        writer.log = try writer.directory.startGeneration(next, files: files)
        writer.generation = next
    }
}
