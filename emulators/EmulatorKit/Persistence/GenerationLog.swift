import DrydockCore
import Foundation
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
        /// The log's size when a compaction last failed: the next try waits for a quarter threshold more.
        var failedCompactionAt: Int?
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
    ///
    /// Throws only when the record is not durable. Once it is, the change stands whatever the compaction
    /// does: a snapshot that cannot be written (a full disk) leaves the current log growing, is reported
    /// through `warn`, and is tried again after another quarter of the threshold. (Throwing then would
    /// tell the caller a logged change failed: the caller would not apply it, the next start would.)
    package func append(
        _ record: JSONValue, snapshot: () -> [(path: String, bytes: [UInt8])],
        warn: (String) -> Void = GenerationLog.warnOnStandardError
    ) throws(DataDirectoryError) {
        try writer.withLock { (writer) throws(DataDirectoryError) in
            guard let log = writer.log else { throw DataDirectoryError(path: path, reason: "has no open log") }
            try log.append(record)
            let due = writer.failedCompactionAt.map { $0 + max(compactionThreshold / 4, 1) } ?? compactionThreshold
            guard log.size > due else { return }
            do {
                try Self.rotate(&writer, snapshot())
                writer.failedCompactionAt = nil
            } catch {
                writer.failedCompactionAt = log.size
                warn("\(path): the log (\(log.size) bytes) could not be compacted, it keeps growing: \(error)")
            }
        }
    }

    /// Writes `line` to stderr.
    package static let warnOnStandardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data("drydock: warning: \(line)\n".utf8))
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
