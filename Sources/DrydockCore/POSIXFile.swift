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
}
