import Foundation

/// Reads `/proc` files to the end.
///
/// Foundation's `String(contentsOfFile:)` and `FileManager.contents(atPath:)` trust `st_size`, which is 0
/// for `/proc` files, and return only the first read (about 4 KB): `/proc/net/tcp` on a busy machine
/// loses most of its lines that way.
enum ProcFile {
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return count == 0 ? String(decoding: bytes, as: UTF8.self) : nil
            }
        }
    }
}
