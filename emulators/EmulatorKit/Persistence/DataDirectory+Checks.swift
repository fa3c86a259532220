import DrydockCore
import Foundation

/// How a data directory is opened and what it refuses, like a database's data directory: the directory
/// itself must be a real directory (not a symbolic link), owned by the user running drydock and not
/// writable by group or others; nothing inside it is ever reached through a symbolic link. Each refusal
/// names the path, what is wrong and the command that fixes it.
extension DataDirectory {
    /// Opens `path` (created, mode 0700, with any missing parents, when it does not exist) and checks it.
    /// Returns the directory's descriptor: every file inside is opened relative to it.
    package static func openDirectory(_ path: String) throws(DataDirectoryError) -> Int32 {
        try createIfMissing(path)
        let fd: Int32
        do {
            fd = try POSIXFile.open(path, flags: O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        } catch let error as SystemCallError where error.errno == ELOOP || error.errno == ENOTDIR {
            throw notADirectory(path)
        } catch {
            throw DataDirectoryError(path: path, reason: "cannot be opened: \(error)")
        }
        do {
            let status = try POSIXFile.status(fd: fd, path: path)
            try checkOwnerAndMode(status, path: path)
            return fd
        } catch let error as DataDirectoryError {
            _ = close(fd)
            throw error
        } catch {
            _ = close(fd)
            throw DataDirectoryError(path: path, reason: "cannot be examined: \(error)")
        }
    }

    /// `mkdir -p` for the parents, then the directory itself with mode 0700 (a directory another
    /// process creates meanwhile is then checked like any other).
    private static func createIfMissing(_ path: String) throws(DataDirectoryError) {
        do {
            _ = try POSIXFile.lstatus(path)
            return
        } catch let error as SystemCallError where error.errno == ENOENT {
            // Missing: create it below.
        } catch {
            throw DataDirectoryError(path: path, reason: "cannot be examined: \(error)")
        }
        let parent = (path as NSString).deletingLastPathComponent
        do {
            if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent) {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            if mkdir(path, 0o700) != 0, errno != EEXIST {
                throw SystemCallError(call: "mkdir", path: path, errno: errno)
            }
        } catch {
            throw DataDirectoryError(path: path, reason: "cannot be created: \(error)")
        }
    }

    /// Why `path` could not be opened as a directory: a symbolic link (with the fix of passing its
    /// target), a file, or something else.
    private static func notADirectory(_ path: String) -> DataDirectoryError {
        let status = try? POSIXFile.lstatus(path)
        guard status?.kind == .symlink else {
            let what = status.map { FileKindText.describe($0.kind) } ?? "not a directory"
            return DataDirectoryError(
                path: path, reason: "exists and is not a directory (it is \(what)). Fix: choose another --data-dir, or move it away: mv \(quoted(path)) \(quoted(path + ".old"))")
        }
        let target = realpath(path, nil).map { resolved in
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let fix = target.map { "pass the directory it points to: --data-dir \(quoted($0))" }
            ?? "replace the link with a directory: rm \(quoted(path)) && mkdir -m 700 \(quoted(path))"
        return DataDirectoryError(
            path: path,
            reason: "is a symbolic link\(target.map { " (to \($0))" } ?? ""); a data directory must be a real directory, as a database's is, so drydock never writes through a link. Fix: \(fix)")
    }

    /// The directory must belong to the user running drydock and be writable by no one else: anyone
    /// who can write to it could plant a link that turns the next snapshot into an overwrite elsewhere.
    package static func checkOwnerAndMode(_ status: POSIXFile.Status, path: String) throws(DataDirectoryError) {
        let uid = geteuid()
        if status.owner != uid {
            throw DataDirectoryError(
                path: path,
                reason: "is owned by \(userName(status.owner)), not by the user running drydock (\(userName(uid))), so drydock will not keep data in it. Fix: sudo chown -R \(userName(uid, bare: true)) \(quoted(path)) — or choose a directory of your own")
        }
        if status.permissions & 0o022 != 0 {
            let mode = String(status.permissions, radix: 8)
            throw DataDirectoryError(
                path: path,
                reason: "is writable by group or others (mode 0\(mode)), so another user could plant files or links in it. Fix: chmod go-w \(quoted(path))")
        }
    }

    /// An entry of the data directory (or of a snapshot) that must be a `kind` and never a link; nil
    /// when there is no such entry.
    package static func checkEntry(
        _ name: String, in directory: Int32, path: String, kind: POSIXFile.Status.Kind
    ) throws(DataDirectoryError) -> POSIXFile.Status? {
        let status: POSIXFile.Status
        do {
            status = try POSIXFile.lstatus(name, in: directory, path: path)
        } catch let error as SystemCallError where error.errno == ENOENT {
            return nil
        } catch {
            throw DataDirectoryError(path: path, reason: "cannot be examined: \(error)")
        }
        if status.kind == .symlink { throw linkInside(name, in: directory, path: path, kind: kind) }
        guard status.kind == kind else {
            let expected = kind == .directory ? "a directory" : "a regular file"
            throw DataDirectoryError(
                path: path, reason: "is \(FileKindText.describe(status.kind)), not \(expected); drydock did not put it there. Fix: move it out of the data directory: mv \(quoted(path)) \(quoted(path + ".old"))")
        }
        return status
    }

    /// The refusal for a symbolic link found inside the data directory, naming it and where it points.
    package static func linkInside(_ name: String, in directory: Int32, path: String, kind: POSIXFile.Status.Kind) -> DataDirectoryError {
        let target = POSIXFile.linkTarget(name, in: directory)
        let fix: String
        if name != "lock", let target {
            let copy = kind == .directory
                ? "rm \(quoted(path)) && cp -a \(quoted(target)) \(quoted(path))"
                : "cp --remove-destination \(quoted(target)) \(quoted(path))"
            fix = "replace the link with a copy of what it points to (\(copy)), or remove it (rm \(quoted(path)))"
        } else {
            fix = "rm \(quoted(path))"
        }
        return DataDirectoryError(
            path: path,
            reason: "is a symbolic link\(target.map { " (to \($0))" } ?? ""); drydock never follows a link inside a data directory, so it will not start. Fix: \(fix)")
    }

    /// `'text'` for a shell, with any `'` inside escaped.
    package static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }

    /// `uid 1000 (dev)`, or with `bare` just the name (the uid when there is none), for `chown`.
    private static func userName(_ uid: uid_t, bare: Bool = false) -> String {
        let name = getpwuid(uid).flatMap { $0.pointee.pw_name.map { String(cString: $0) } }
        if bare { return name ?? String(uid) }
        return "uid \(uid)" + (name.map { " (\($0))" } ?? "")
    }
}

/// Words for what a path is, in refusals.
package enum FileKindText {
    package static func describe(_ kind: POSIXFile.Status.Kind) -> String {
        switch kind {
        case .regular: "a regular file"
        case .directory: "a directory"
        case .symlink: "a symbolic link"
        case .other(let what): what
        }
    }
}
