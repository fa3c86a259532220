import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import Synchronization

/// S3's state under `--data-dir DIR`, in `DIR/s3/` (a `DataDirectory` of its own, locked, 0700), with
/// the snapshot-plus-log layout of the Gmail and Secrets Manager stores (`GenerationLog`):
///
/// ```text
/// DIR/s3/generation-000000.wal   every change acknowledged since the fixtures were loaded (no snapshot yet)
/// DIR/s3/generation-000003/s3/state.json   a snapshot: {"format": 1, "records": [ … ]}, the records
///                                 that rebuild the whole state from nothing (`S3Emulator.records(of:)`)
/// DIR/s3/generation-000003.wal   every change acknowledged since that snapshot (bucket created or
///                                 deleted, versioning, object version stored or removed, uploads),
///                                 made durable before the answer leaves
/// DIR/s3/objects/<n>              the bytes of each object larger than `fileThreshold` (written and
///                                 fsync'd before its record), so large objects are never all in memory
/// DIR/s3/incoming/                request bodies being received (large PutObject/UploadPart bodies are
///                                 spooled here and renamed into objects/ once verified)
/// ```
///
/// At start the newest snapshot (before the first one, the fixtures) is loaded and its log replayed on
/// it; a record torn by a crash was never acknowledged and is dropped (`WriteAheadLog.read`). Once the
/// log passes `compactionThreshold` bytes the state becomes a new snapshot and the log restarts, so a
/// long-running emulator's log stays bounded and a start reads one snapshot and one short log. An
/// `s3.wal` of the earlier layout (the log over the fixtures) is generation 0's log and is renamed so.
/// `reset()` writes the state loaded at start as a new generation and removes the other files.
/// Every file belongs to exactly one object version or part (a copy gets a hard link of its own), and is
/// removed as soon as the change that drops it is logged (`S3Emulator.release(_:)`): a replaced,
/// deleted or aborted body does not wait for the next start. Files of the state loaded at start are
/// kept until `reset()` (which returns to that state); a crash between a logged removal and the
/// unlink leaves a file no record names, which the next start removes.
/// Multipart uploads in progress are logged too (created, each part stored, ended by Complete or
/// Abort), their large parts files under `objects/` like objects', so a restart finds them; an ended
/// upload's part files are removed right after its end is logged (a crash in between leaves files no
/// record refers to, which the next start removes).
final class S3DataStore: Sendable {
    static let fileThreshold = 1024 * 1024
    static let defaultCompactionThreshold = 16 << 20
    /// The log of the layout before generations (see above).
    static let legacyLogName = "s3.wal"
    static let snapshotFolder = "s3"
    static let snapshotName = "state.json"
    static let objectsFolder = "objects"
    static let incomingFolder = "incoming"

    /// What the data directory held at start.
    struct Recovered {
        /// The newest snapshot's records (they rebuild the state from nothing); nil before the first
        /// snapshot: the log then applies to the fixtures.
        let snapshot: [JSONValue]?
        let records: [JSONValue]
    }

    let path: String
    /// Where request bodies being received are spooled (`S3Emulator.bodyPolicy(forHead:)`): in the data
    /// directory, so a stored body is renamed into `objects/`, never copied. Emptied at every start.
    var incomingPath: String { path + "/" + Self.incomingFolder }
    let log: GenerationLog
    private let writer: Mutex<Writer>

    /// The object files: `objects/`, open, and the number the next file is named.
    private struct Writer {
        let objectsPath: String
        let objectsDescriptor: Int32
        var nextFile: UInt64

        func child(_ name: String) -> String { objectsPath + "/" + name }
    }

    /// Opens `path` and returns the store and what to rebuild the state from.
    static func open(path: String, compactionThreshold: Int = defaultCompactionThreshold) throws(DataDirectoryError) -> (S3DataStore, Recovered) {
        let directory = try DataDirectory(path: path)
        var generation = try directory.latestGeneration()
        if generation == nil, try DataDirectory.checkEntry(legacyLogName, in: directory.descriptor, path: directory.child(legacyLogName), kind: .regular) != nil {
            do {
                try POSIXFile.rename(legacyLogName, to: directory.logName(0), in: directory.descriptor, path: directory.logPath(0))
                try POSIXFile.syncDirectory(fd: directory.descriptor, path: path)
            } catch {
                throw DataDirectoryError(path: directory.child(legacyLogName), reason: "cannot be renamed to \(directory.logName(0)): \(error)")
            }
            generation = 0
        }
        let current = generation ?? 0
        var snapshot: [JSONValue]?
        if current > 0 { snapshot = try readSnapshot(current, in: directory) }
        let (records, validSize) = try WriteAheadLog.read(name: directory.logName(current), in: directory)
        let objectsPath = directory.child(objectsFolder)
        _ = mkdirat(directory.descriptor, objectsFolder, 0o700)
        let objects = try DataDirectory.openSubdirectory(objectsFolder, in: directory.descriptor, path: objectsPath)
        let names = (try? DataDirectory.names(in: objects, path: objectsPath)) ?? []
        let highest = names.compactMap(UInt64.init).max() ?? 0
        // Bodies half received when the last run ended are nobody's.
        try? DataDirectory.removeTree(incomingFolder, in: directory.descriptor, path: directory.child(incomingFolder))
        _ = mkdirat(directory.descriptor, incomingFolder, 0o700)
        let log = try GenerationLog(directory: directory, generation: current, logValidSize: validSize, compactionThreshold: compactionThreshold)
        let store = S3DataStore(path: path, log: log, writer: Writer(objectsPath: objectsPath, objectsDescriptor: objects, nextFile: highest + 1))
        return (store, Recovered(snapshot: snapshot, records: records))
    }

    private static func readSnapshot(_ generation: Int, in directory: DataDirectory) throws(DataDirectoryError) -> [JSONValue] {
        let files = try directory.readSnapshotFiles(generation, in: snapshotFolder)
        let path = directory.snapshotPath(generation) + "/" + snapshotFolder + "/" + snapshotName
        guard let bytes = files.first(where: { $0.name == snapshotName })?.bytes, let json = try? JSONValue.parse(bytes),
              json["format"]?.intValue == 1, let records = json["records"]?.arrayValue
        else { throw DataDirectoryError(path: path, reason: "expected {\"format\": 1, \"records\": [ … ]}") }
        return records
    }

    private init(path: String, log: GenerationLog, writer: sending Writer) {
        self.path = path
        self.log = log
        self.writer = Mutex(writer)
    }

    /// Makes `record` durable; past the compaction threshold, then writes `snapshot()` (records that rebuild
    /// the state with `record` applied) as a new generation.
    func append(_ record: JSONValue, snapshot: () -> [JSONValue]) throws(DataDirectoryError) {
        try log.append(record) { Self.snapshotFiles(snapshot()) }
    }

    /// Writes `records` (the whole state) as a new generation now (`reset()`).
    func startGeneration(_ records: [JSONValue]) throws(DataDirectoryError) {
        try log.startGeneration(Self.snapshotFiles(records))
    }

    static func snapshotFiles(_ records: [JSONValue]) -> [(path: String, bytes: [UInt8])] {
        let json: JSONValue = .object([("format", .number(1)), ("records", .array(records))])
        return [(snapshotFolder + "/" + snapshotName, Array(json.serialized().utf8))]
    }

    /// `bytes` as an object body: in memory when small, else in a new durable file under `objects/`.
    func body(for bytes: [UInt8]) throws -> ObjectBody {
        guard bytes.count > Self.fileThreshold else { return .bytes(bytes) }
        return try writer.withLock { (writer: inout Writer) throws -> ObjectBody in
            let name = String(writer.nextFile)
            writer.nextFile += 1
            let file = writer.child(name)
            try DataDirectory.writeDurably(bytes, name: name, in: writer.objectsDescriptor, path: file)
            return .file(path: file)
        }
    }

    struct AdoptionFailed: Error, CustomStringConvertible {
        let path: String
        let code: Int32
        var description: String { "cannot move \(path) into the object store: \(String(cString: strerror(code)))" }
    }

    /// A spooled body file (under `incoming/`) as an object body: made durable, then renamed into
    /// `objects/` (the rename made durable too), never copied.
    func adopt(_ file: HTTPBodyFile) throws -> ObjectBody {
        let fd = Glibc.open(file.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AdoptionFailed(path: file.path, code: errno) }
        let synced = fsync(fd)
        close(fd)
        guard synced == 0 else { throw AdoptionFailed(path: file.path, code: errno) }
        return try writer.withLock { (writer: inout Writer) throws -> ObjectBody in
            let name = String(writer.nextFile)
            writer.nextFile += 1
            let target = writer.child(name)
            guard rename(file.path, target) == 0 else { throw AdoptionFailed(path: file.path, code: errno) }
            file.adopt()
            guard fsync(writer.objectsDescriptor) == 0 else { throw AdoptionFailed(path: target, code: errno) }
            return .file(path: target)
        }
    }

    /// `sources` one after another as one new durable file under `objects/` (CompleteMultipartUpload),
    /// copied in 1 MiB pieces through a file under `incoming/`, each piece also handed to `visit` (the
    /// whole-object checksum): the object is never all in memory.
    func concatenate(_ sources: [ObjectBody], visit: (UnsafeRawBufferPointer) -> Void) throws -> ObjectBody {
        let temporary = incomingPath + "/complete-" + String(UInt64.random(in: 0 ... .max), radix: 16)
        let out = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard out >= 0 else { throw AdoptionFailed(path: temporary, code: errno) }
        var open = true
        defer {
            if open { close(out) }
            unlink(temporary)  // gone already once renamed into objects/
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        for source in sources {
            switch source {
            case .bytes(let bytes):
                try bytes.withUnsafeBytes { try Self.write($0, to: out, path: temporary) }
                bytes.withUnsafeBytes { visit($0) }
            case .file(let path):
                let input = Glibc.open(path, O_RDONLY | O_CLOEXEC)
                guard input >= 0 else { throw AdoptionFailed(path: path, code: errno) }
                defer { close(input) }
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                    if count == 0 { break }
                    if count < 0 {
                        if errno == EINTR { continue }
                        throw AdoptionFailed(path: path, code: errno)
                    }
                    try buffer.withUnsafeBytes { whole in
                        let piece = UnsafeRawBufferPointer(rebasing: whole[0..<count])
                        try Self.write(piece, to: out, path: temporary)
                        visit(piece)
                    }
                }
            }
        }
        guard fsync(out) == 0 else { throw AdoptionFailed(path: temporary, code: errno) }
        close(out)
        open = false
        return try writer.withLock { (writer: inout Writer) throws -> ObjectBody in
            let name = String(writer.nextFile)
            writer.nextFile += 1
            let target = writer.child(name)
            guard rename(temporary, target) == 0 else { throw AdoptionFailed(path: temporary, code: errno) }
            guard fsync(writer.objectsDescriptor) == 0 else { throw AdoptionFailed(path: target, code: errno) }
            return .file(path: target)
        }
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw AdoptionFailed(path: path, code: errno)
            }
            offset += written
        }
    }

    /// The source of a link is gone (its object was deleted meanwhile).
    struct SourceGone: Error {}

    /// A body of its own for a copy of `body` (CopyObject): a file is hard-linked under a new name in
    /// `objects/` (the link made durable), so removing either object never takes the other's bytes;
    /// bytes in memory are simply shared. Throws `SourceGone` when the file was removed meanwhile.
    func link(_ body: ObjectBody) throws -> ObjectBody {
        guard case .file(let path) = body else { return body }
        return try writer.withLock { (writer: inout Writer) throws -> ObjectBody in
            let prefix = writer.objectsPath + "/"
            guard path.hasPrefix(prefix) else { return body }
            let name = String(writer.nextFile)
            writer.nextFile += 1
            let target = prefix + name
            guard linkat(writer.objectsDescriptor, String(path.dropFirst(prefix.count)), writer.objectsDescriptor, name, 0) == 0 else {
                if errno == ENOENT { throw SourceGone() }
                throw AdoptionFailed(path: path, code: errno)
            }
            guard fsync(writer.objectsDescriptor) == 0 else { throw AdoptionFailed(path: target, code: errno) }
            return .file(path: target)
        }
    }

    /// Removes `files` (object or part files no record refers to any more). A file that cannot be
    /// removed is left to the next start, which removes every file nothing refers to.
    func remove(files: [String]) {
        guard !files.isEmpty else { return }
        writer.withLock { writer in
            let prefix = writer.objectsPath + "/"
            for file in files where file.hasPrefix(prefix) {
                let name = String(file.dropFirst(prefix.count))
                try? POSIXFile.remove(name, in: writer.objectsDescriptor, isDirectory: false, path: file)
            }
        }
    }

    /// Removes every object file not in `keeping` (after a reset, or at start the files no replayed
    /// object refers to).
    func removeFiles(keeping: Set<String>) {
        writer.withLock { writer in
            let objectsPath = writer.objectsPath
            for name in (try? DataDirectory.names(in: writer.objectsDescriptor, path: objectsPath)) ?? [] {
                let file = objectsPath + "/" + name
                if !keeping.contains(file) { try? POSIXFile.remove(name, in: writer.objectsDescriptor, isDirectory: false, path: file) }
            }
        }
    }
}

extension ObjectBody {
    /// The bytes, read from the file when the body is one (empty when the file is gone).
    var bytes: [UInt8] {
        switch self {
        case .bytes(let bytes): return bytes
        case .file(let path): return FileManager.default.contents(atPath: path).map { Array($0) } ?? []
        }
    }

    var filePath: String? {
        if case .file(let path) = self { return path }
        return nil
    }
}
