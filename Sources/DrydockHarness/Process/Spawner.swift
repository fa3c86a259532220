import Foundation

/// Starts programs with `posix_spawn`: no fork of a multi-threaded process, and no Foundation `Process`
/// (which owns signal handling and pipes we need to control ourselves).
public enum Spawner {
    /// Starts `request` and returns the child's process id; the caller reaps it.
    ///
    /// The child gets: the descriptors of `request.descriptors` on top of the parent's 0-2, every other
    /// descriptor closed (so no listening socket or pipe of the parent leaks into it), `SIGPIPE` and
    /// `SIGXFSZ` back to their default action (Swift's runtime ignores `SIGPIPE`; a shell pipeline's
    /// `yes | head` relies on it, as Python's `subprocess` restores it too), and `request.signalMask`.
    public static func spawn(_ request: SpawnRequest) throws(SpawnError) -> pid_t {
        let path = try resolve(request.executable, path: request.environment["PATH"])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears FD_CLOEXEC on the copy, so the mapped descriptors survive the close-from below even
        // when the parent opened them close-on-exec.
        for (child, parent) in request.descriptors.sorted(by: { $0.key < $1.key }) {
            posix_spawn_file_actions_adddup2(&actions, parent, child)
        }
        if let closeFrom = addCloseFrom {
            _ = closeFrom(&actions, 3)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = request.signalMask ?? Self.emptySet()
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = Self.emptySet()
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGXFSZ)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if request.newSession { flags |= Self.setsidFlag }
        posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: flags))

        let argv = request.arguments.map { strdup($0) } + [nil]
        let envp = request.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError(code: Self.code(for: result), executable: request.executable, errno: result)
        }
        return pid
    }

    /// `executable` itself when it holds a `/`; else the first executable regular file of that name in
    /// `path` (`PATH`'s directories; an empty entry is the current directory).
    static func resolve(_ executable: String, path: String?) throws(SpawnError) -> String {
        guard !executable.isEmpty else { throw SpawnError(code: .notFound, executable: executable, errno: ENOENT) }
        if executable.contains("/") { return executable }
        var denied = false
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + executable
            var info = stat()
            guard stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if access(candidate, X_OK) == 0 { return candidate }
            denied = true
        }
        throw SpawnError(code: denied ? .notExecutable : .notFound, executable: executable, errno: denied ? EACCES : ENOENT)
    }

    private static func code(for error: Int32) -> SpawnError.Code {
        switch error {
        case ENOENT, ENOTDIR: .notFound
        case EACCES, ENOEXEC, EISDIR, EPERM, ETXTBSY: .notExecutable
        default: .failed
        }
    }

    static func emptySet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        return set
    }

    /// glibc's `POSIX_SPAWN_SETSID` (`<spawn.h>`, glibc 2.26+), which Swift's Glibc module does not
    /// import because it is declared only under `_GNU_SOURCE`.
    static let setsidFlag: Int32 = 0x80

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`, looked up at run time for the same reason
    /// (nil on an older C library: descriptors opened close-on-exec, as ours are, still do not leak).
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()
}
