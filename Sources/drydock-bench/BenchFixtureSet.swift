import DrydockFixtures
import DrydockTesting
import Foundation

/// A temporary fixture set for one measurement: `oauth/` copied from the bundled default set (so the
/// sandbox's refresh token works), plus whatever the benchmark writes. Removed by `remove()`.
struct BenchFixtureSet {
    let scratch: TemporaryDirectory
    /// The fixture set's root, what `EmulatorHarness(fixturesDirectory:)` takes.
    var path: String { scratch.appending("fixtures") }

    init(_ label: String) throws {
        scratch = try TemporaryDirectory(label)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: DrydockFixtures.defaultDirectory + "/oauth", toPath: path + "/oauth")
    }

    /// Creates `relative` (and its parents) under the set.
    func directory(_ relative: String) throws -> String {
        let directory = path + "/" + relative
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Writes `bytes` to `path` with plain POSIX calls: ten thousand `FileManager` writes cost seconds.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BenchError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw BenchError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    static func write(_ text: String, to path: String) throws { try write(Array(text.utf8), to: path) }

    func remove() { scratch.remove() }
}
