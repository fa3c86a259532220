import DrydockCore
import EmulatorKit
import Foundation
import Synchronization

/// CloudFront's state under `--data-dir DIR`, in `DIR/cloudfront/` (a `DataDirectory` of its own,
/// locked, 0700): `cloudfront.wal`, one record per invalidation created, made durable before
/// CreateInvalidation answers (`WriteAheadLog`). Distributions come from the fixtures and are
/// read-only, so the invalidations (with their virtual-clock creation times, from which their status
/// follows) are the whole state. A record torn by a crash was never acknowledged and is dropped;
/// `reset()` empties the log.
final class CloudFrontDataStore: Sendable {
    static let logName = "cloudfront.wal"

    private let writer: Mutex<Writer>

    private struct Writer {
        let directory: DataDirectory
        var log: WriteAheadLog
    }

    /// Opens `path` and returns the store and the invalidations logged there, oldest first.
    static func open(path: String) throws -> (CloudFrontDataStore, [CloudFrontInvalidation]) {
        let directory = try DataDirectory(path: path)
        let (records, validSize) = try WriteAheadLog.read(name: logName, in: directory)
        let log = try WriteAheadLog(name: logName, in: directory, validSize: validSize)
        var invalidations: [CloudFrontInvalidation] = []
        for (index, record) in records.enumerated() {
            guard let invalidation = invalidation(record) else { throw Unreadable(index: index + 1) }
            invalidations.append(invalidation)
        }
        return (CloudFrontDataStore(writer: Writer(directory: directory, log: log)), invalidations)
    }

    private init(writer: sending Writer) {
        self.writer = Mutex(writer)
    }

    /// Makes `invalidation` durable.
    func append(_ invalidation: CloudFrontInvalidation) throws(DataDirectoryError) {
        try writer.withLock { (writer: inout Writer) throws(DataDirectoryError) in try writer.log.append(Self.record(invalidation)) }
    }

    /// Starts an empty log (after a reset).
    func empty() throws(DataDirectoryError) {
        try writer.withLock { (writer: inout Writer) throws(DataDirectoryError) in
            writer.log = try WriteAheadLog(name: Self.logName, in: writer.directory, validSize: 0)
        }
    }

    struct Unreadable: Error, CustomStringConvertible {
        let index: Int
        var description: String { "record \(index) of the CloudFront log is not an invalidation this emulator writes" }
    }

    static func record(_ invalidation: CloudFrontInvalidation) -> JSONValue {
        ["op": "invalidation", "distribution": .string(invalidation.distributionID), "id": .string(invalidation.id),
         "callerReference": .string(invalidation.callerReference), "paths": .array(invalidation.paths.map { .string($0) }),
         "created": .number(invalidation.createTime.timeIntervalSince1970)]
    }

    static func invalidation(_ record: JSONValue) -> CloudFrontInvalidation? {
        guard record["op"]?.stringValue == "invalidation", let distribution = record["distribution"]?.stringValue,
              let id = record["id"]?.stringValue, let reference = record["callerReference"]?.stringValue,
              let items = record["paths"]?.arrayValue, let created = record["created"]?.doubleValue
        else { return nil }
        let paths = items.compactMap(\.stringValue)
        guard paths.count == items.count else { return nil }
        return CloudFrontInvalidation(
            id: id, distributionID: distribution, callerReference: reference, paths: paths, createTime: Date(timeIntervalSince1970: created))
    }
}
