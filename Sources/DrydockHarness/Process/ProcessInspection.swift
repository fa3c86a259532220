import Foundation

/// What the system says about another process (not a child of ours): is it there, is it a zombie,
/// what was it started as. Linux's /proc; elsewhere only `kill(pid, 0)`.
public enum ProcessInspection {
    /// Whether `pid` exists and has not yet exited (a zombie, exited but not yet reaped by its parent,
    /// counts as gone).
    public static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        #if os(Linux)
        return state(of: pid) != "Z"
        #else
        return true
        #endif
    }

    /// `pid`'s argv, from /proc/PID/cmdline; nil when it cannot be read (gone, or not Linux).
    public static func arguments(of pid: pid_t) -> [String]? {
        guard let bytes = read("/proc/\(pid)/cmdline"), !bytes.isEmpty else { return nil }
        return bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
    }

    /// The state letter of /proc/PID/stat (`R`, `S`, `Z`…), read after the command name's last `)`.
    static func state(of pid: pid_t) -> Character? {
        guard let bytes = read("/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].first { $0 != " " }
    }

    private static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}
