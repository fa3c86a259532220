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
///
/// Like a database's data directory, DIR is opened once and every file inside it is reached relative
/// to that descriptor (`openat`, `mkdirat`, `renameat`, `unlinkat`) with `O_NOFOLLOW`: a symbolic link
/// anywhere drydock reads or writes stops the start with an error naming it, and nothing is ever
/// written through one. DIR itself must not be a link, must belong to the user and must not be
/// writable by group or others (`DataDirectory+Checks.swift`). Files are created 0600, directories 0700.
package final class DataDirectory {
    /// DIR as given (trailing slashes removed), for messages.
    package let path: String
    /// DIR, open: every file inside is opened relative to it.
    package let descriptor: Int32
    private let lockDescriptor: Int32

    /// Opens (creating, mode 0700) and checks `path`, and takes its lock, so two emulators never write
    /// one directory.
    package init(path: String) throws(DataDirectoryError) {
        // "link/" would make the kernel follow the link despite O_NOFOLLOW.
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        let path = String(trimmed)
        let directory = try Self.openDirectory(path)
        let lock: Int32
        do {
            lock = try Self.takeLock(in: directory, path: path)
        } catch {
            _ = close(directory)
            throw error
        }
        self.path = path
        descriptor = directory
        lockDescriptor = lock
    }

    deinit {
        _ = close(lockDescriptor)
        _ = close(descriptor)
    }

    private static func takeLock(in directory: Int32, path: String) throws(DataDirectoryError) -> Int32 {
        let lockPath = (path as NSString).appendingPathComponent("lock")
        _ = try checkEntry("lock", in: directory, path: lockPath, kind: .regular)
        let fd: Int32
        do {
            fd = try POSIXFile.open("lock", in: directory, flags: O_RDWR | O_CREAT | O_NONBLOCK, mode: 0o600, path: lockPath)
        } catch let error as SystemCallError where error.errno == ELOOP {
            throw linkInside("lock", in: directory, path: lockPath, kind: .regular)
        } catch {
            throw DataDirectoryError(path: lockPath, reason: "cannot be opened: \(error)")
        }
        guard (try? POSIXFile.status(fd: fd, path: lockPath).kind) == .regular else {
            _ = close(fd)
            throw DataDirectoryError(path: lockPath, reason: "is not a regular file. Fix: rm \(quoted(lockPath))")
        }
        if !lockWithinGrace(fd) {
            _ = close(fd)
            throw DataDirectoryError(path: path, reason: "is in use by another drydock emulator (its lock file is held)")
        }
        return fd
    }

    /// Takes the exclusive lock, retrying for up to two seconds: a child process this process forks (a
    /// test runner spawning a command, a job starting a helper) briefly shares every open descriptor —
    /// and so the lock — between fork and exec, although the descriptor is close-on-exec.
    private static func lockWithinGrace(_ fd: Int32) -> Bool {
        for attempt in 0..<200 {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
            guard errno == EWOULDBLOCK || errno == EINTR, attempt < 199 else { return false }
            usleep(10_000)
        }
        return false
    }

    /// The newest complete generation's number; nil for a new directory. Removes half-written snapshots,
    /// and refuses a generation or log that is a symbolic link or of the wrong kind.
    package func latestGeneration() throws(DataDirectoryError) -> Int? {
        var latest: Int?
        for name in try names() {
            if name.hasPrefix(Self.prefix), name.hasSuffix(".tmp") {
                try? Self.removeTree(name, in: descriptor, path: child(name))
            } else if let number = Self.generationNumber(name) {
                _ = try Self.checkEntry(name, in: descriptor, path: child(name), kind: .directory)
                latest = max(latest ?? number, number)
            } else if name.hasSuffix(".wal"), Self.generationNumber(String(name.dropLast(4))) != nil {
                _ = try Self.checkEntry(name, in: descriptor, path: child(name), kind: .regular)
            }
        }
        return latest
    }

    package func snapshotPath(_ generation: Int) -> String { child(Self.name(generation)) }

    package func logPath(_ generation: Int) -> String { child(logName(generation)) }

    package func logName(_ generation: Int) -> String { Self.name(generation) + ".wal" }

    // MARK: Files

    /// The bytes of regular file `name` in the directory open as `directory` (this one by default); nil
    /// when there is none. A link or another kind of file there is refused, never followed or read.
    package func readFile(_ name: String, in directory: Int32? = nil, path: String) throws(DataDirectoryError) -> [UInt8]? {
        let directory = directory ?? descriptor
        guard try Self.checkEntry(name, in: directory, path: path, kind: .regular) != nil else { return nil }
        do {
            let fd = try POSIXFile.open(name, in: directory, flags: O_RDONLY | O_NONBLOCK, path: path)
            defer { _ = close(fd) }
            guard try POSIXFile.status(fd: fd, path: path).kind == .regular else {
                throw DataDirectoryError(path: path, reason: "is not a regular file")
            }
            return try POSIXFile.readAll(fd: fd, path: path, limit: .max) ?? []
        } catch let error as DataDirectoryError {
            throw error
        } catch let error as SystemCallError where error.errno == ELOOP {
            throw Self.linkInside(name, in: directory, path: path, kind: .regular)
        } catch {
            throw DataDirectoryError(path: path, reason: "cannot be read: \(error)")
        }
    }

    /// Opens subdirectory `name` of `directory` (never through a link).
    package static func openSubdirectory(_ name: String, in directory: Int32, path: String) throws(DataDirectoryError) -> Int32 {
        do {
            return try POSIXFile.open(name, in: directory, flags: O_RDONLY | O_DIRECTORY, path: path)
        } catch let error as SystemCallError where error.errno == ELOOP || error.errno == ENOTDIR {
            if (try? POSIXFile.lstatus(name, in: directory, path: path).kind) == .symlink {
                throw linkInside(name, in: directory, path: path, kind: .directory)
            }
            throw DataDirectoryError(path: path, reason: "is not a directory")
        } catch {
            throw DataDirectoryError(path: path, reason: "cannot be opened: \(error)")
        }
    }

    /// The regular files directly inside `subdirectory` of snapshot `generation` (none when it has no
    /// such subdirectory), as (name, bytes), in name order. Names starting with `.` are skipped; a link
    /// is refused, not followed.
    package func readSnapshotFiles(_ generation: Int, in subdirectory: String) throws(DataDirectoryError) -> [(name: String, bytes: [UInt8])] {
        let root = snapshotPath(generation)
        let snapshot = try Self.openSubdirectory(Self.name(generation), in: descriptor, path: root)
        defer { _ = close(snapshot) }
        let folderPath = (root as NSString).appendingPathComponent(subdirectory)
        guard try Self.checkEntry(subdirectory, in: snapshot, path: folderPath, kind: .directory) != nil else { return [] }
        let folder = try Self.openSubdirectory(subdirectory, in: snapshot, path: folderPath)
        defer { _ = close(folder) }
        var files: [(name: String, bytes: [UInt8])] = []
        for name in try Self.names(in: folder, path: folderPath).sorted() where !name.hasPrefix(".") {
            let filePath = (folderPath as NSString).appendingPathComponent(name)
            if let bytes = try readFile(name, in: folder, path: filePath) { files.append((name, bytes)) }
        }
        return files
    }

    /// Writes `files` (paths relative to the snapshot, `/`-separated components) as generation
    /// `generation`, durably and atomically: into `generation-N.tmp/`, every file and directory synced,
    /// then renamed to `generation-N` and the data directory synced.
    package func writeSnapshot(_ generation: Int, files: [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        let final = Self.name(generation)
        let temporary = final + ".tmp"
        try? Self.removeTree(temporary, in: descriptor, path: child(temporary))
        var directories: [String: Int32] = [:]
        defer { for fd in directories.values { _ = close(fd) } }
        do {
            try POSIXFile.makeDirectory(temporary, in: descriptor, mode: 0o700, path: child(temporary))
            directories[""] = try POSIXFile.open(temporary, in: descriptor, flags: O_RDONLY | O_DIRECTORY, path: child(temporary))
            for file in files {
                let components = file.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                var parentKey = ""
                for component in components.dropLast() {
                    let key = parentKey.isEmpty ? component : parentKey + "/" + component
                    if directories[key] == nil, let parent = directories[parentKey] {
                        let directoryPath = child(temporary + "/" + key)
                        try POSIXFile.makeDirectory(component, in: parent, mode: 0o700, path: directoryPath)
                        directories[key] = try POSIXFile.open(component, in: parent, flags: O_RDONLY | O_DIRECTORY, path: directoryPath)
                    }
                    parentKey = key
                }
                guard let parent = directories[parentKey], let name = components.last else { continue }
                try Self.writeDurably(file.bytes, name: name, in: parent, path: child(temporary + "/" + file.path))
            }
            for (key, fd) in directories.sorted(by: { $0.key.count > $1.key.count }) {
                try POSIXFile.syncDirectory(fd: fd, path: child(temporary + "/" + key))
            }
            try POSIXFile.rename(temporary, to: final, in: descriptor, path: child(final))
            try POSIXFile.syncDirectory(fd: descriptor, path: path)
        } catch {
            try? Self.removeTree(temporary, in: descriptor, path: child(temporary))
            throw DataDirectoryError(path: child(final), reason: "cannot be written: \(error)")
        }
    }

    /// Makes `files` generation `generation`: the snapshot written durably, its (empty) log opened and
    /// the directory synced, then the older generations removed (best effort: a start reads only the
    /// newest complete one). Returns the new log. Both the DynamoDB and the Gmail stores rotate so.
    package func startGeneration(_ generation: Int, files: [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) -> WriteAheadLog {
        try writeSnapshot(generation, files: files)
        let log = try WriteAheadLog(name: logName(generation), in: self, validSize: 0)
        do {
            try POSIXFile.syncDirectory(fd: descriptor, path: path)
        } catch {
            throw DataDirectoryError(path: path, reason: "cannot be synced: \(error)")
        }
        try? removeGenerations(before: generation)
        return log
    }

    /// Removes every generation (snapshot and log) older than `generation`.
    package func removeGenerations(before generation: Int) throws(DataDirectoryError) {
        for name in try names() {
            let isLog = name.hasSuffix(".wal")
            let base = isLog ? String(name.dropLast(4)) : name
            guard let number = Self.generationNumber(base), number < generation else { continue }
            try? Self.removeTree(name, in: descriptor, path: child(name))
        }
    }

    /// `bytes` into a new file `name` of `directory`: created (mode 0600, refusing an existing file or a
    /// link there), written, `fsync`ed, closed.
    package static func writeDurably(_ bytes: [UInt8], name: String, in directory: Int32, path: String) throws {
        let fd = try POSIXFile.open(name, in: directory, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600, path: path)
        try finishDurably(fd, bytes, path: path)
    }

    /// `bytes` into a new file at `path` (outside a data directory: `exportTables`): written, `fsync`ed,
    /// closed (mode 0600). A symbolic link at `path` is refused, not written through.
    package static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let fd = try POSIXFile.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode: 0o600)
        try finishDurably(fd, bytes, path: path)
    }

    /// Writes `bytes` to the newly opened `fd`, `fsync`s and closes it (and closes it when a step fails).
    private static func finishDurably(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var open = true
        defer { if open { _ = close(fd) } }
        try POSIXFile.writeAll(fd: fd, path: path, bytes: bytes)
        try POSIXFile.fsync(fd: fd, path: path)
        open = false
        try POSIXFile.close(fd: fd, path: path)
    }

    /// Removes entry `name` of `directory`: a file or link itself (never its target), or a directory
    /// with everything in it, at most `levels` deep (a snapshot has three).
    package static func removeTree(_ name: String, in directory: Int32, path: String, levels: Int = 8) throws {
        let status = try POSIXFile.lstatus(name, in: directory, path: path)
        guard status.kind == .directory else {
            try POSIXFile.remove(name, in: directory, isDirectory: false, path: path)
            return
        }
        guard levels > 0 else { throw DataDirectoryError(path: path, reason: "is nested deeper than a snapshot; remove it by hand") }
        let fd = try POSIXFile.open(name, in: directory, flags: O_RDONLY | O_DIRECTORY, path: path)
        defer { _ = close(fd) }
        for entry in try POSIXFile.names(inDirectory: fd, path: path) {
            try removeTree(entry, in: fd, path: (path as NSString).appendingPathComponent(entry), levels: levels - 1)
        }
        try POSIXFile.remove(name, in: directory, isDirectory: true, path: path)
    }

    package static let prefix = "generation-"

    package static func name(_ generation: Int) -> String {
        let digits = String(generation)
        return prefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// At most 18 digits, so the next generation (`+ 1`) can never overflow whatever names a directory holds.
    private static func generationNumber(_ name: String) -> Int? {
        guard name.hasPrefix(prefix) else { return nil }
        let digits = name.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }

    package func child(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    private func names() throws(DataDirectoryError) -> [String] { try Self.names(in: descriptor, path: path) }

    package static func names(in directory: Int32, path: String) throws(DataDirectoryError) -> [String] {
        do {
            return try POSIXFile.names(inDirectory: directory, path: path)
        } catch {
            throw DataDirectoryError(path: path, reason: "cannot be listed: \(error)")
        }
    }
}
