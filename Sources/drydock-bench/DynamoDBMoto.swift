import Foundation

/// Finding `moto_server` (moto's standalone server, from `pip install 'moto[server]'`) and naming its version.
struct DynamoDBMoto {
    /// The entry point itself: a pyenv shim is resolved to it, as CI/bench.sh does, so the cold start
    /// times moto and not pyenv's bash shim.
    let path: String
    /// `moto_server 5.2.1 (Python 3.11.7)`, or just `moto_server` when the interpreter cannot say.
    let name: String

    /// `explicit` (from `--moto`), else `moto_server` on PATH; nil when there is none.
    static func locate(explicit: String?) throws -> DynamoDBMoto? {
        let environment = ProcessInfo.processInfo.environment
        guard var path = explicit ?? Self.onPath("moto_server", environment: environment) else { return nil }
        guard access(path, X_OK) == 0 else { throw BenchError("--moto \(path) is not executable") }
        if path.contains("/shims/"), let pyenv = Self.onPath("pyenv", environment: environment) {
            let which = try ChildSpawn(pyenv, ["which", "moto_server"], environment: environment).finish()
            let resolved = which.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            guard which.status == 0, access(resolved, X_OK) == 0 else {
                throw BenchError("pyenv which moto_server failed (\(which.status)): \(which.stderr.prefix(300))")
            }
            path = resolved
        }
        return DynamoDBMoto(path: path, name: Self.describe(path, environment: environment))
    }

    /// Spawns `moto_server -p <port>` with its output in `log`: werkzeug logs every request to stderr,
    /// and an unread pipe would stall it after 64 KB. `/bin/sh` only redirects and `exec`s, so the pid is
    /// moto's (the shell's own start, about a millisecond, stays in moto's cold start).
    func spawn(port: Int, log: String) throws -> ChildSpawn {
        try ChildSpawn(
            "/bin/sh", ["-c", "exec \"$0\" -p \"$1\" >\"$2\" 2>&1", path, String(port), log],
            environment: ProcessInfo.processInfo.environment)
    }

    /// The version, asked of the interpreter on the script's `#!` line.
    private static func describe(_ path: String, environment: [String: String]) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "moto_server" }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 256), as: UTF8.self)
        guard head.hasPrefix("#!"), let line = head.split(separator: "\n").first else { return "moto_server" }
        let python = String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
        guard python.hasPrefix("/"), !python.contains(" "),
              let asked = try? ChildSpawn(
                  python, ["-c", "import importlib.metadata as m, platform; print(m.version('moto'), platform.python_version())"],
                  environment: environment).finish(),
              asked.status == 0 else { return "moto_server" }
        let words = asked.stdout.split(whereSeparator: \.isWhitespace)
        return words.count == 2 ? "moto_server \(words[0]) (Python \(words[1]))" : "moto_server"
    }

    private static func onPath(_ name: String, environment: [String: String]) -> String? {
        (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }
            .first { access($0, X_OK) == 0 }
    }

    /// A TCP port nobody listens on now: bound on 127.0.0.1:0, read back, closed. moto_server takes its
    /// port on the command line, so another process could take it in between; the bench would then fail
    /// loudly, not measure the wrong server.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket failed: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw BenchError("cannot bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
