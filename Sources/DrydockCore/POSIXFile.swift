import Foundation

/// Thin wrappers over the file system calls of the secrets store and the emulators' data directories, each through `systemCall` (EINTR
/// retry, errno → `SystemCallError`).
public enum POSIXFile {
    /// What `lstat`/`fstat` report, reduced to what the permission checks need.
    public struct Status: Equatable {
        public enum Kind: Equatable { case regular, directory, symlink, other(String) }
        public let kind: Kind
        /// Permission bits, `mode & 0o7777`.
        public let permissions: mode_t
        public let owner: uid_t
        /// Last modification, seconds since 1970.
        public let modified: Double

        init(_ raw: stat) {
            switch raw.st_mode & S_IFMT {
            case S_IFREG: kind = .regular
            case S_IFDIR: kind = .directory
            case S_IFLNK: kind = .symlink
            case S_IFIFO: kind = .other("a FIFO")
            case S_IFSOCK: kind = .other("a socket")
            case S_IFCHR, S_IFBLK: kind = .other("a device")
            default: kind = .other("a special file")
            }
            permissions = raw.st_mode & 0o7777
            owner = raw.st_uid
            modified = Double(raw.st_mtim.tv_sec) + Double(raw.st_mtim.tv_nsec) / 1e9
        }
    }

    /// `lstat(path)`: describes a symbolic link itself rather than its target.
    public static func lstatus(_ path: String) throws -> Status {
        var raw = stat()
        try systemCall("lstat", path: path) { lstat(path, &raw) }
        return Status(raw)
    }

    /// `stat(path)`: follows symbolic links.
    public static func status(_ path: String) throws -> Status {
        var raw = stat()
        try systemCall("stat", path: path) { stat(path, &raw) }
        return Status(raw)
    }

    public static func status(fd: Int32, path: String) throws -> Status {
        var raw = stat()
        try systemCall("fstat", path: path) { fstat(fd, &raw) }
        return Status(raw)
    }

    public static func open(_ path: String, flags: Int32, mode: mode_t = 0) throws -> Int32 {
        try systemCall("open", path: path) { Foundation.open(path, flags, mode) }
    }

    /// Reads until end of file, refusing files longer than `limit` bytes.
    public static func readAll(fd: Int32, path: String, limit: Int) throws -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = try chunk.withUnsafeMutableBytes { buffer in
                try systemCall("read", path: path) { read(fd, buffer.baseAddress, buffer.count) }
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit { return nil }
        }
    }

    /// Writes every byte, continuing after short writes.
    public static func writeAll(fd: Int32, path: String, bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = try bytes.withUnsafeBytes { buffer in
                try systemCall("write", path: path) {
                    write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                }
            }
            offset += written
        }
    }

    public static func fsync(fd: Int32, path: String) throws {
        try systemCall("fsync", path: path) { Foundation.fsync(fd) }
    }

    /// `close`, reporting errors: on some file systems a failed write surfaces only here.
    public static func close(fd: Int32, path: String) throws {
        // Never retry close on EINTR: on Linux the descriptor is already released.
        if Foundation.close(fd) == -1, errno != EINTR {
            throw SystemCallError(call: "close", path: path, errno: errno)
        }
    }

    /// `fsync` on a directory, so renames and creations inside it survive a power loss. File systems that
    /// cannot sync directories (EINVAL) are accepted as they are.
    public static func syncDirectory(_ directory: String) throws {
        let fd = try open(directory, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { _ = Foundation.close(fd) }
        do {
            try fsync(fd: fd, path: directory)
        } catch let error as SystemCallError where error.errno == EINVAL {
            return
        }
    }

    /// The names in a directory, without `.` and `..`.
    public static func names(in directory: String) throws -> [String] {
        guard let handle = opendir(directory) else {
            throw SystemCallError(call: "opendir", path: directory, errno: errno)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    // MARK: Relative to a directory descriptor, never following a symbolic link

    /// `openat(directory, name, flags | O_NOFOLLOW | O_CLOEXEC, mode)`: `name` (one path component)
    /// inside the directory open as `directory`. A symbolic link named `name` fails with `ELOOP` (or, with
    /// `O_DIRECTORY`, `ELOOP`/`ENOTDIR`) instead of being followed. `path` names the file in errors.
    public static func open(_ name: String, in directory: Int32, flags: Int32, mode: mode_t = 0, path: String) throws -> Int32 {
        try checkComponent(name, path: path)
        return try systemCall("openat", path: path) { openat(directory, name, flags | O_NOFOLLOW | O_CLOEXEC, mode) }
    }

    /// `fstatat(directory, name, AT_SYMLINK_NOFOLLOW)`: describes a symbolic link itself.
    public static func lstatus(_ name: String, in directory: Int32, path: String) throws -> Status {
        try checkComponent(name, path: path)
        var raw = stat()
        try systemCall("fstatat", path: path) { fstatat(directory, name, &raw, AT_SYMLINK_NOFOLLOW) }
        return Status(raw)
    }

    /// `mkdirat(directory, name, mode)`.
    public static func makeDirectory(_ name: String, in directory: Int32, mode: mode_t, path: String) throws {
        try checkComponent(name, path: path)
        try systemCall("mkdirat", path: path) { mkdirat(directory, name, mode) }
    }

    /// `renameat(directory, from, directory, to)`: atomic within the directory; a symbolic link at either
    /// name is renamed or replaced itself, never followed.
    public static func rename(_ from: String, to: String, in directory: Int32, path: String) throws {
        try checkComponent(from, path: path)
        try checkComponent(to, path: path)
        try systemCall("renameat", path: path) { renameat(directory, from, directory, to) }
    }

    /// `unlinkat(directory, name, AT_REMOVEDIR when isDirectory)`: removes the entry itself (a symbolic
    /// link, not its target).
    public static func remove(_ name: String, in directory: Int32, isDirectory: Bool, path: String) throws {
        try checkComponent(name, path: path)
        try systemCall("unlinkat", path: path) { unlinkat(directory, name, isDirectory ? AT_REMOVEDIR : 0) }
    }

    /// `readlinkat(directory, name)`: where a symbolic link points, as written; nil when `name` is not one.
    public static func linkTarget(_ name: String, in directory: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(directory, name, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The names in the directory open as `fd`, without `.` and `..` (the descriptor stays open).
    public static func names(inDirectory fd: Int32, path: String) throws -> [String] {
        let copy = try systemCall("dup", path: path) { dup(fd) }
        guard let handle = fdopendir(copy) else {
            let code = errno
            _ = Foundation.close(copy)
            throw SystemCallError(call: "fdopendir", path: path, errno: code)
        }
        defer { closedir(handle) }
        rewinddir(handle)
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `fsync` on the directory open as `fd` (file systems that cannot sync directories are accepted).
    public static func syncDirectory(fd: Int32, path: String) throws {
        do {
            try fsync(fd: fd, path: path)
        } catch let error as SystemCallError where error.errno == EINVAL {
            return
        }
    }

    /// A name for the `*at` calls must be one path component: no `/`, not empty, `.` or `..`.
    private static func checkComponent(_ name: String, path: String) throws {
        if name.isEmpty || name == "." || name == ".." || name.utf8.contains(UInt8(ascii: "/")) || name.utf8.contains(0) {
            throw SystemCallError(call: "openat", path: path, errno: EINVAL)
        }
    }
}
