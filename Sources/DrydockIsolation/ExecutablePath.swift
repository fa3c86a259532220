import Glibc

/// execvp's PATH search, done before the fork (the child only calls execve).
enum ExecutablePath {
    /// `name` itself when it contains a slash; otherwise the first executable regular file named `name`
    /// in `path`'s directories (an empty entry is the current directory, as for the shell).
    static func resolve(_ name: String, path: String?) throws(IsolationError) -> String {
        guard !name.isEmpty else {
            throw IsolationError(code: .commandNotFound, message: "cannot run the isolated command: the command name is empty")
        }
        if name.contains("/") { return name }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
        for directory in directories {
            let candidate = directory.isEmpty ? name : "\(directory)/\(name)"
            var status = stat()
            if stat(candidate, &status) == 0, status.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        throw IsolationError(code: .commandNotFound, message: "cannot run the isolated command: '\(name)' not found on PATH")
    }
}
