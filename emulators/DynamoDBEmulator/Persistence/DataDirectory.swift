import DrydockCore
import Foundation

/// The files under `--data-dir DIR`:
///
/// ```text
/// DIR/lock                       held (flock) by the one emulator using DIR
/// DIR/generation-000007/         a complete snapshot, itself a fixture set: dynamodb/<region>/<table>.json
///                                (CreateTable input + "Items") and state.json (table ids, creation times)
/// DIR/generation-000007.wal      every write acknowledged since that snapshot (`WriteAheadLog`)
/// DIR/generation-000008.tmp/     a snapshot being written; removed when found at start
/// ```
///
/// A snapshot directory gets its final name only once every file in it is on disk (write, `fsync`,
/// `rename`, `fsync` of the parent), so the newest `generation-N` is always complete; older generations
/// are removed only after a newer one is durable.
final class DataDirectory {
    let path: String
    private let lockDescriptor: Int32

    /// Creates `path` (mode 0700) when missing and takes its lock, so two emulators never write one
    /// directory.
    init(path: String) throws(DataDirectoryError) {
        self.path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DataDirectoryError(path: path, reason: "exists and is not a directory") }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw DataDirectoryError(path: path, reason: "cannot be created: \(error.localizedDescription)")
            }
        }
        let lockPath = (path as NSString).appendingPathComponent("lock")
        do {
            lockDescriptor = try POSIXFile.open(lockPath, flags: O_RDWR | O_CREAT | O_CLOEXEC, mode: 0o600)
        } catch {
            throw DataDirectoryError(path: lockPath, reason: "cannot be opened: \(error)")
        }
        if flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
            _ = close(lockDescriptor)
            throw DataDirectoryError(path: path, reason: "is in use by another drydock emulator (its lock file is held)")
        }
    }

    deinit { _ = close(lockDescriptor) }

    /// The newest complete generation's number; nil for a new directory. Removes half-written snapshots.
    func latestGeneration() throws(DataDirectoryError) -> Int? {
        var latest: Int?
        for name in try names() {
            if name.hasPrefix(Self.prefix), name.hasSuffix(".tmp") {
                try? FileManager.default.removeItem(atPath: child(name))
            } else if let number = Self.generationNumber(name) {
                latest = max(latest ?? number, number)
            }
        }
        return latest
    }

    func snapshotPath(_ generation: Int) -> String { child(Self.name(generation)) }

    func logPath(_ generation: Int) -> String { child(Self.name(generation) + ".wal") }

    /// Writes `files` (paths relative to the snapshot) as generation `generation`, durably and atomically.
    func writeSnapshot(_ generation: Int, files: [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        let final = snapshotPath(generation)
        let temporary = final + ".tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            var directories: Set<String> = [temporary]
            for file in files {
                let target = (temporary as NSString).appendingPathComponent(file.path)
                let parent = (target as NSString).deletingLastPathComponent
                if directories.insert(parent).inserted {
                    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                }
                try Self.writeDurably(file.bytes, to: target)
            }
            for directory in directories.sorted(by: { $0.count > $1.count }) { try POSIXFile.syncDirectory(directory) }
            try systemCall("rename", path: final) { rename(temporary, final) }
            try POSIXFile.syncDirectory(path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw DataDirectoryError(path: final, reason: "cannot be written: \(error)")
        }
    }

    /// Removes every generation (snapshot and log) older than `generation`.
    func removeGenerations(before generation: Int) throws(DataDirectoryError) {
        for name in try names() {
            let base = name.hasSuffix(".wal") ? String(name.dropLast(4)) : name
            guard let number = Self.generationNumber(base), number < generation else { continue }
            try? FileManager.default.removeItem(atPath: child(name))
        }
    }

    /// `bytes` into a new file at `path`: written, `fsync`ed, closed (mode 0600).
    static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let fd = try POSIXFile.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode: 0o600)
        var open = true
        defer { if open { _ = close(fd) } }
        try POSIXFile.writeAll(fd: fd, path: path, bytes: bytes)
        try POSIXFile.fsync(fd: fd, path: path)
        open = false
        try POSIXFile.close(fd: fd, path: path)
    }

    private static let prefix = "generation-"

    private static func name(_ generation: Int) -> String {
        let digits = String(generation)
        return prefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    private static func generationNumber(_ name: String) -> Int? {
        guard name.hasPrefix(prefix) else { return nil }
        let digits = name.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }

    private func child(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    private func names() throws(DataDirectoryError) -> [String] {
        do {
            return try POSIXFile.names(in: path)
        } catch {
            throw DataDirectoryError(path: path, reason: "cannot be listed: \(error)")
        }
    }
}
