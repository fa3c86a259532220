import DrydockCrypto
import DrydockCore
import Foundation

/// An append-only file of records, each made durable (`fdatasync`) before `append` returns: the
/// DynamoDB emulator acknowledges a write only after its record is on disk.
///
/// Format: one record per line, `<crc32 of the JSON, 8 lowercase hex digits> <JSON>\n`. The JSON is
/// written without raw newlines, so a line is a record. A writer killed mid-append leaves at most one
/// torn record at the end (no newline, or a checksum that does not match, with nothing valid after
/// it): that record was never acknowledged, and `read` drops it. A bad record followed by a good one
/// is corruption, and `read` refuses the file rather than silently skipping a write.
package final class WriteAheadLog {
    package let path: String
    private let fd: Int32
    /// Bytes in the file, torn tail excluded.
    package private(set) var size: Int

    /// Opens (creating with mode 0600) log `name` of `directory` for appending, never through a link;
    /// `validSize` is where the good records end (from `read`): anything after it is a torn tail and is
    /// cut off first.
    package init(name: String, in directory: DataDirectory, validSize: Int) throws(DataDirectoryError) {
        let path = directory.child(name)
        self.path = path
        do {
            fd = try POSIXFile.open(name, in: directory.descriptor, flags: O_WRONLY | O_CREAT | O_APPEND | O_NONBLOCK, mode: 0o600, path: path)
        } catch let error as SystemCallError where error.errno == ELOOP {
            throw DataDirectory.linkInside(name, in: directory.descriptor, path: path, kind: .regular)
        } catch {
            throw DataDirectoryError(path: path, reason: "cannot be opened for appending: \(error)")
        }
        guard (try? POSIXFile.status(fd: fd, path: path).kind) == .regular else {
            _ = close(fd)
            throw DataDirectoryError(path: path, reason: "is not a regular file")
        }
        size = validSize
        do {
            try systemCall("ftruncate", path: path) { ftruncate(fd, off_t(validSize)) }
        } catch {
            _ = close(fd)
            throw DataDirectoryError(path: path, reason: "cannot cut off its torn last record: \(error)")
        }
    }

    deinit { _ = close(fd) }

    /// Appends one record and waits until it is on disk.
    package func append(_ record: JSONValue) throws(DataDirectoryError) {
        let json = Array(record.serialized().utf8)
        let line = Array(Self.checksumText(json).utf8) + [UInt8(ascii: " ")] + json + [UInt8(ascii: "\n")]
        do {
            try POSIXFile.writeAll(fd: fd, path: path, bytes: line)
            try systemCall("fdatasync", path: path) { fdatasync(fd) }
        } catch {
            // A partial line may be in the file: the next open's `read` sees it as the torn tail.
            throw DataDirectoryError(path: path, reason: "cannot append a record: \(error)")
        }
        size += line.count
    }

    /// The records in log `name` of `directory` (none when it does not exist) and the byte size they
    /// occupy. A link there is refused, not followed.
    package static func read(name: String, in directory: DataDirectory) throws(DataDirectoryError) -> (records: [JSONValue], validSize: Int) {
        let path = directory.child(name)
        guard let bytes = try directory.readFile(name, path: path) else { return ([], 0) }
        var records: [JSONValue] = []
        var offset = 0
        var firstBad: (record: Int, offset: Int, reason: String)?
        while offset < bytes.count {
            let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n"))
            let line = Array(bytes[offset..<(end ?? bytes.count)])
            let next = end.map { $0 + 1 } ?? bytes.count
            switch decode(line, complete: end != nil) {
            case .success(let record):
                if let bad = firstBad {
                    throw DataDirectoryError(
                        path: path,
                        reason: "record \(bad.record) at byte \(bad.offset) is damaged (\(bad.reason)) but good records follow it; refusing to skip an acknowledged write")
                }
                records.append(record)
            case .failure(let reason):
                if firstBad == nil { firstBad = (records.count + 1, offset, reason) }
            }
            offset = next
        }
        let validSize = firstBad?.offset ?? bytes.count
        return (records, validSize)
    }

    private enum Decoded {
        case success(JSONValue)
        case failure(String)
    }

    private static func decode(_ line: [UInt8], complete: Bool) -> Decoded {
        guard complete else { return .failure("no end of line") }
        guard line.count > 9, line[8] == UInt8(ascii: " ") else { return .failure("no checksum") }
        let json = Array(line[9...])
        guard String(decoding: line[0..<8], as: UTF8.self) == checksumText(json) else { return .failure("checksum mismatch") }
        do {
            return .success(try JSONValue.parse(json))
        } catch {
            return .failure("not JSON: \(error)")
        }
    }

    private static func checksumText(_ bytes: [UInt8]) -> String {
        let hex = String(CRC32.checksum(bytes), radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
