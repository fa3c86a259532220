import EmulatorKit
import Foundation
import Synchronization

/// Files for large objects under `--data-dir` (`<dir>/s3-objects/<id>`): an object larger than
/// `fileThreshold` is written (fsync'd, renamed into place) before its PUT is answered and read back
/// on each GET, so big uploads never stay in memory.
///
/// Object metadata is kept in memory: after a restart the emulator starts from its fixtures again and
/// the files of the previous run are removed. (Crash-safe metadata through the write-ahead log, as
/// DynamoDB has it, is not done yet.)
final class S3ObjectStore: Sendable {
    static let fileThreshold = 1024 * 1024
    let directory: String
    private let sequence = Mutex<UInt64>(0)

    init(directory: String) throws {
        self.directory = directory
        let files = FileManager.default
        if files.fileExists(atPath: directory) { try files.removeItem(atPath: directory) }
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// `bytes` as an object body: in memory when small, else in a new file.
    func body(for bytes: [UInt8]) throws -> ObjectBody {
        guard bytes.count > Self.fileThreshold else { return .bytes(bytes) }
        let number = sequence.withLock { value -> UInt64 in
            value += 1
            return value
        }
        let path = (directory as NSString).appendingPathComponent("object-\(number)")
        try DataDirectory.writeDurably(bytes, to: path)
        return .file(path: path)
    }

    /// Removes every file not in `paths` (after a reset or a delete).
    func removeUnreferenced(keeping paths: Set<String>) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            if !paths.contains(path) { try? FileManager.default.removeItem(atPath: path) }
        }
    }
}

extension ObjectBody {
    /// The bytes, read from the file when the body is one (empty when the file is gone).
    var bytes: [UInt8] {
        switch self {
        case .bytes(let bytes): return bytes
        case .file(let path): return FileManager.default.contents(atPath: path).map { Array($0) } ?? []
        }
    }
}
