import DrydockCore
import EmulatorKit
import Foundation
import IMDSEmulator

extension DynamoDBEmulator {
    /// The suite's emulator (see `init(fixturesDirectory:clock:authority:)`) with its tables kept in
    /// `dataDirectory` (`--data-dir`).
    public convenience init(
        fixturesDirectory: String, clock: VirtualClock, authority: IMDSCredentialAuthority, dataDirectory: String
    ) throws {
        let keys = try DynamoDBFixtures.staticKeys(fixturesDirectory: fixturesDirectory)
        try self.init(
            fixturesDirectory: fixturesDirectory, clock: clock,
            authenticator: SigV4RequestAuthenticator(staticKeys: keys, authority: authority), dataDirectory: dataDirectory)
    }

    /// An emulator whose tables live in `dataDirectory`, created when missing.
    ///
    /// A new (or empty) directory starts from the fixture set's tables; a directory with data starts from
    /// its newest snapshot plus every logged write, and the fixtures' DynamoDB tables are ignored. Either
    /// way the state it starts from is written as a fresh snapshot before the first request, and the log
    /// is compacted into a new snapshot whenever it passes `compactionThreshold` bytes.
    ///
    /// - Throws: `DataDirectoryError` (in use by another process, unreadable, a damaged or inconsistent
    ///   log) or `FixtureError`.
    public convenience init(
        fixturesDirectory: String, clock: WallClock, authenticator: any RequestAuthenticator, dataDirectory: String,
        compactionThreshold: Int = DataStore.defaultCompactionThreshold
    ) throws {
        let (store, recovered) = try DataStore.open(path: dataDirectory, compactionThreshold: compactionThreshold)
        var regions: [String: RegionState]
        var tableSequence: UInt64
        if let recovered {
            regions = try DynamoDBFixtures.load(
                snapshotFiles: recovered.snapshotFiles, root: recovered.snapshotPath, now: clock.now(), identities: recovered.identities)
            (regions, tableSequence) = try Self.replay(recovered, onto: regions, tableSequence: recovered.tableSequence)
        } else {
            regions = try DynamoDBFixtures.load(fixturesDirectory: fixturesDirectory, now: clock.now())
            tableSequence = UInt64(regions.values.reduce(0) { $0 + $1.tables.count })
        }
        self.init(clock: clock, authenticator: authenticator, regions: regions, tableSequence: tableSequence, store: store)
        try store.startGeneration { [self] in snapshotFiles() }
    }

    /// Actions that change tables: the ones a data directory logs.
    static let writeActions: Set<String> = [
        "CreateTable", "DeleteTable", "UpdateTable", "PutItem", "DeleteItem", "UpdateItem", "BatchWriteItem",
        "TransactWriteItems", "UpdateTimeToLive", "TagResource", "UntagResource", "UpdateContinuousBackups",
    ]

    /// The PartiQL actions: logged when a statement in them may write (see `isLoggedWrite`).
    static let partiQLActions: Set<String> = ["ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction"]

    /// Whether a data directory logs this request: every write action, and a PartiQL request with a
    /// statement that may write (anything but SELECT; see `PartiQLParser.mayWrite`).
    static func isLoggedWrite(_ action: String, document: JSONValue) -> Bool {
        if writeActions.contains(action) { return true }
        guard partiQLActions.contains(action) else { return false }
        let statements: [JSONValue]
        switch action {
        case "ExecuteStatement": statements = [document]
        case "BatchExecuteStatement": statements = document["Statements"]?.arrayValue ?? []
        default: statements = document["TransactStatements"]?.arrayValue ?? []
        }
        return statements.contains { PartiQLParser.mayWrite($0["Statement"]?.stringValue ?? "") }
    }

    /// Runs a prepared request; with a data directory, a write is logged durably before it is answered.
    func perform(_ action: String, _ call: DynamoDBCall, document: JSONValue) throws(DynamoDBError) -> ResponseDocument {
        guard let store, Self.isLoggedWrite(action, document: document) else { return try dispatch(action, call) }
        // A transaction that repeats a remembered ClientRequestToken changes nothing: not logged, so a
        // replay never applies it (the tokens themselves are not persisted).
        var repeated = false
        return try store.commit(
            // (`Optional.none`, not `nil`: JSONValue is nil-expressible, and `.null` would be logged.)
            record: { _ in repeated ? JSONValue?.none : LogRecord(at: call.now, region: call.region, action: action, request: document).json },
            snapshot: { snapshotFiles() },
            { () throws(DynamoDBError) in
                repeated = repeatsClientRequestToken(call)
                return try dispatch(action, call)
            })
    }

    /// The current tables as snapshot files: the fixture files plus `state.json`.
    func snapshotFiles() -> [(path: String, bytes: [UInt8])] {
        let (regions, sequence) = state.withLock { ($0.regions, $0.tableSequence) }
        var identities: [String: DynamoDBFixtures.TableIdentity] = [:]
        for (region, regionState) in regions {
            for (name, table) in regionState.tables {
                identities["\(region)/\(name)"] = .init(
                    createdAt: table.definition.createdAt, tableID: table.definition.tableID,
                    tableClassUpdatedAt: table.definition.tableClassUpdatedAt)
            }
        }
        let metadata = SnapshotMetadata(tableSequence: sequence, identities: identities)
        return Self.tableFiles(regions) + [(SnapshotMetadata.fileName, Array(metadata.json.serialized(pretty: true).utf8))]
    }

    /// Applies the logged writes in order, as they were applied the first time (same region, same
    /// virtual time, no signature check, the request checks of stored input). A record that no longer
    /// applies means the log and snapshot disagree: starting anyway would lose a write, so it is an
    /// error naming the record.
    private static func replay(
        _ recovered: DataStore.Recovered, onto regions: [String: RegionState], tableSequence: UInt64
    ) throws -> ([String: RegionState], UInt64) {
        let replayer = DynamoDBEmulator(
            clock: SystemClock(), authenticator: AcceptAllAuthenticator(), regions: regions, tableSequence: tableSequence)
        for (index, json) in recovered.records.enumerated() {
            func fail(_ reason: String) -> DataDirectoryError {
                DataDirectoryError(path: recovered.logPath, reason: "record \(index + 1): \(reason)")
            }
            guard let record = LogRecord(json) else { throw fail("expected {\"at\", \"region\", \"action\", \"request\"}") }
            let isExpiry = record.action == timeToLiveExpiryAction
            guard isExpiry || writeActions.contains(record.action) || partiQLActions.contains(record.action) else {
                throw fail("\(record.action) is not a write")
            }
            // Logs written before new requests had to pass the stricter rule may name `us--east-1`.
            guard AWSJSONRequest.isRegionName(record.region, allowingEmptyParts: true) else { throw fail("\(record.region) is not a region name") }
            do {
                // Checked as stored input: a write the build that logged it applied replays even where
                // today's request checks refuse it (see `InputChecks`).
                let call = DynamoDBCall(region: record.region, body: try RequestBody(record.request), now: record.at, checks: .stored)
                if isExpiry { try replayer.replayExpiry(call) } else { _ = try replayer.dispatch(record.action, call) }
            } catch {
                throw fail("\(record.action) no longer applies: \(error.type): \(error.message)")
            }
        }
        return replayer.state.withLock { ($0.regions, $0.tableSequence) }
    }
}

/// One logged write: `{"at": <seconds since 1970, virtual>, "region": …, "action": "PutItem", "request": {…}}`.
struct LogRecord {
    let at: Date
    let region: String
    let action: String
    let request: JSONValue

    init(at: Date, region: String, action: String, request: JSONValue) {
        self.at = at
        self.region = region
        self.action = action
        self.request = request
    }

    init?(_ json: JSONValue) {
        guard let seconds = json["at"]?.doubleValue, seconds.isFinite, abs(seconds) < 1e12, let region = json["region"]?.stringValue,
              let action = json["action"]?.stringValue, let request = json["request"], request.objectValue != nil
        else { return nil }
        self.init(at: Date(timeIntervalSince1970: seconds), region: region, action: action, request: request)
    }

    var json: JSONValue {
        ["at": .number(String(at.timeIntervalSince1970)), "region": .string(region), "action": .string(action), "request": request]
    }
}
