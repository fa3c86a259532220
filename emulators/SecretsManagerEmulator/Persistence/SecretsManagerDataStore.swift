import DrydockCore
import EmulatorKit
import Foundation

/// Secrets Manager's durable state under `--data-dir DIR` (in `DIR/secretsmanager/`), with the crash-safe
/// layout the DynamoDB and Gmail emulators use (`DataDirectory`, `WriteAheadLog`):
///
/// ```text
/// DIR/secretsmanager/lock
/// DIR/secretsmanager/generation-000004/secretsmanager/<region>.json   a snapshot: {"format": 1, "Secrets": [ … ]}
///                                                                     (each secret in SecretJSON's document format)
/// DIR/secretsmanager/generation-000004.wal   every change acknowledged since: {"region", "name", "secret": {…} | null}
/// ```
///
/// A record holds the changed secret's whole new state (or null once it is gone), so replaying needs no
/// clock or randomness: the ARN suffixes and version ids generated the first time come back as they were.
/// Every record is `fdatasync`ed before the client gets its answer. At start the newest snapshot plus its
/// log (or, for a new directory, the fixtures) become the state, written at once as the next generation;
/// past `compactionThreshold` bytes of log the state becomes a new generation again.
/// Not persisted: LastAccessedDate (reads write nothing).
final class SecretsManagerDataStore: Sendable {
    static let folder = "secretsmanager"
    static let defaultCompactionThreshold = 16 << 20

    /// What the data directory held at start.
    struct Recovered {
        let snapshot: [(name: String, bytes: [UInt8])]
        let snapshotPath: String
        let records: [JSONValue]
        let logPath: String

        /// The snapshot with the log replayed on it.
        func regions(now: Date) throws -> [String: [String: Secret]] {
            var regions: [String: [String: Secret]] = [:]
            for (file, bytes) in snapshot where file.hasSuffix(".json") {
                let region = String(file.dropLast(5))
                let path = snapshotPath + "/" + SecretsManagerDataStore.folder + "/" + file
                guard AWSJSONRequest.isRegionName(region), let json = try? JSONValue.parse(bytes), json["format"]?.intValue == 1,
                      let secrets = json["Secrets"]?.arrayValue
                else { throw DataDirectoryError(path: path, reason: "expected {\"format\": 1, \"Secrets\": [ … ]} named after a region") }
                for (index, document) in secrets.enumerated() {
                    do {
                        let secret = try SecretJSON.secret(document, defaultName: nil, region: region, now: now)
                        regions[region, default: [:]][secret.name] = secret
                    } catch {
                        throw DataDirectoryError(path: path, reason: "Secrets[\(index)]: \(error)")
                    }
                }
            }
            for (index, record) in records.enumerated() {
                func fail(_ reason: String) -> DataDirectoryError { DataDirectoryError(path: logPath, reason: "record \(index + 1): \(reason)") }
                guard let region = record["region"]?.stringValue, AWSJSONRequest.isRegionName(region), let name = record["name"]?.stringValue,
                      let document = record["secret"]
                else { throw fail("expected {\"region\", \"name\", \"secret\"}") }
                if document.isNull {
                    regions[region]?[name] = nil
                    continue
                }
                do {
                    let secret = try SecretJSON.secret(document, defaultName: nil, region: region, now: now)
                    guard secret.name == name else { throw fail("the secret is named \(secret.name), not \(name)") }
                    regions[region, default: [:]][name] = secret
                } catch let error as DataDirectoryError {
                    throw error
                } catch {
                    throw fail("\(error)")
                }
            }
            return regions.filter { !$0.value.isEmpty }
        }
    }

    let log: GenerationLog
    var path: String { log.path }

    /// Opens (creating, 0700) `path`; nil `Recovered` for a directory with no generation yet.
    static func open(path: String, compactionThreshold: Int = defaultCompactionThreshold) throws(DataDirectoryError) -> (SecretsManagerDataStore, Recovered?) {
        let directory = try DataDirectory(path: path)
        guard let generation = try directory.latestGeneration() else {
            let log = try GenerationLog(directory: directory, generation: 0, logValidSize: nil, compactionThreshold: compactionThreshold)
            return (SecretsManagerDataStore(log: log), nil)
        }
        let snapshot = try directory.readSnapshotFiles(generation, in: folder)
        let records = try WriteAheadLog.read(name: directory.logName(generation), in: directory).records
        let recovered = Recovered(
            snapshot: snapshot, snapshotPath: directory.snapshotPath(generation), records: records, logPath: directory.logPath(generation))
        // The start writes the recovered state as the next generation at once: no log of this one is reopened.
        let log = try GenerationLog(directory: directory, generation: generation, logValidSize: nil, compactionThreshold: compactionThreshold)
        return (SecretsManagerDataStore(log: log), recovered)
    }

    private init(log: GenerationLog) { self.log = log }

    /// Makes `record` durable; past the threshold, writes `snapshot()` as a new generation.
    func append(_ record: JSONValue, snapshot: () -> [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        try log.append(record, snapshot: snapshot)
    }

    /// Writes `files` as the next generation now (start, `reset`).
    func startGeneration(_ files: [(path: String, bytes: [UInt8])]) throws(DataDirectoryError) {
        try log.startGeneration(files)
    }

    /// One log record: the secret's new state, or null when it is gone.
    static func record(region: String, name: String, secret: Secret?) -> JSONValue {
        .object([("region", .string(region)), ("name", .string(name)), ("secret", secret.map(SecretJSON.document) ?? .null)])
    }

    /// `regions` as snapshot files (one per region, secrets in name order).
    static func snapshotFiles(_ regions: [String: [String: Secret]]) -> [(path: String, bytes: [UInt8])] {
        regions.sorted { $0.key < $1.key }.map { region, secrets in
            let documents = secrets.values.sorted { $0.name < $1.name }.map(SecretJSON.document)
            let json: JSONValue = .object([("format", .number(1)), ("Secrets", .array(documents))])
            return (folder + "/" + region + ".json", Array(json.serialized().utf8))
        }
    }
}
