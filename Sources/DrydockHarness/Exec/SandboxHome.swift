import Foundation

/// The HOME a `drydock exec` child gets: a new temporary directory (removed afterwards), or `--home DIR`
/// (created 0700 if missing, kept) — never the caller's own HOME.
struct SandboxHome {
    let path: String
    let temporary: Bool

    static func prepare(_ requested: String?, caller: [String: String]) throws(ExecError) -> SandboxHome {
        guard let requested else {
            let base = caller["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            var template = Array((base + "/drydock-exec.XXXXXX").utf8CString)
            guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
                throw .configuration("cannot create a temporary HOME in \(base): \(String(cString: strerror(errno)))")
            }
            return SandboxHome(path: String(cString: made), temporary: true)
        }
        let path = URL(fileURLWithPath: requested).standardizedFileURL.path
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw .configuration("cannot create --home \(path): \(String(cString: strerror(errno)))")
        }
        if let home = caller["HOME"], let real = realPath(home), realPath(path) == real {
            throw .usage("--home \(requested) is your own HOME (\(home)); the sandbox never touches it. Give another directory")
        }
        return SandboxHome(path: path, temporary: false)
    }

    /// Removes a temporary HOME with everything the child left in it.
    func removeIfTemporary() {
        guard temporary else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
