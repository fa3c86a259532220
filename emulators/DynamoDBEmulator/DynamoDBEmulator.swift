import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import IMDSEmulator
import Synchronization

/// Amazon DynamoDB (`POST /` with `X-Amz-Target: DynamoDB_20120810.<Action>`), offline.
///
/// Implemented: CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable, PutItem, GetItem,
/// DeleteItem, UpdateItem, Query, Scan, BatchGetItem, BatchWriteItem, TransactWriteItems,
/// TransactGetItems, PartiQL (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction; see
/// `PartiQLParser`), DescribeTimeToLive, UpdateTimeToLive, TagResource, UntagResource, ListTagsOfResource,
/// DescribeEndpoints, DescribeLimits, Describe/UpdateContinuousBackups (state only), and the DynamoDB Streams
/// API (`DynamoDBStreams_20120810.*`: ListStreams, DescribeStream, GetShardIterator, GetRecords; see
/// `TableStream`) — with DynamoDB's validation messages,
/// expressions (condition, update, projection, key condition, filter) and the legacy parameters
/// they replaced (`LegacyParameters`), numbers kept to 38 digits and
/// compared numerically. Other DynamoDB actions are known (fault rules may name them) but answer
/// `UnknownOperationException`.
///
/// - Global secondary indexes may have multi-attribute keys (see `KeySchema`); Time to Live deletes
///   expired items on the emulator's clock (see `expireItems(now:)`).
/// - Regions: each region (from the SigV4 credential scope; us-east-1 without one) has its own tables;
///   UpdateTable's `ReplicaUpdates` makes a table global across them (see `Replicas.swift`).
/// - Responses carry `x-amzn-RequestId` and `x-amz-crc32` (botocore checks it).
/// - Signatures: checked by a `RequestAuthenticator`; the suite uses `SigV4RequestAuthenticator`
///   (static keys from `dynamodb/credentials.json` plus the IMDS emulator's issued keys).
/// - Fixtures: `<set>/dynamodb/<region>/<table>.json` = a CreateTable request plus `"Items"` in
///   DynamoDB JSON (and optionally `"TimeToLiveSpecification"`); `exportTables(to:)` writes the same
///   format.
/// - Persistence (`init(…, dataDirectory:)`): every acknowledged write is in a write-ahead log on disk
///   before its answer leaves (see `DataStore`), so a restart after SIGKILL loses none.
/// - Thread-safe: all state is one value behind one lock; every request is atomic.
public final class DynamoDBEmulator: ServiceEmulator {
    public let service = "dynamodb"
    let clock: WallClock
    let authenticator: any RequestAuthenticator
    /// Regions as loaded from fixtures (or the data directory), for `reset()`.
    let loadedRegions: [String: RegionState]
    let loadedTableSequence: UInt64
    let state: Mutex<State>
    /// The data directory's log and snapshots; nil when state lives in memory only.
    let store: DataStore?
    /// Clock time (epoch milliseconds) from which the next Time to Live sweep is due (see
    /// `sweepIfDue`).
    let nextSweepMillis = Atomic<Int64>(.min)
    private let deletionDelayMillis = Atomic<Int64>(0)

    /// Seconds an item stays (readable, as in DynamoDB) after its TTL time before the sweep deletes it;
    /// 0 by default. See `expireItems(now:)`.
    public var timeToLiveDeletionDelay: TimeInterval { Double(deletionDelayMillis.load(ordering: .relaxed)) / 1000 }

    /// Sets `timeToLiveDeletionDelay` (clamped to 0…10 years).
    public func setTimeToLiveDeletionDelay(seconds: TimeInterval) {
        let clamped = seconds.isFinite ? min(max(seconds, 0), 10 * 365 * 86_400) : 0
        deletionDelayMillis.store(Int64(clamped * 1000), ordering: .relaxed)
    }

    struct State {
        var regions: [String: RegionState]
        var requestSequence: UInt64 = 0
        var tableSequence: UInt64 = 0
        /// TransactWriteItems' and ExecuteTransaction's remembered `ClientRequestToken`s.
        var clientRequestTokens = ClientRequestTokens()
    }

    /// One region's tables.
    struct RegionState: Sendable {
        var tables: [String: Table] = [:]
        /// Streams of deleted tables and replaced streams, readable for 24 hours (see `TableStream`).
        var retiredStreams: [TableStream] = []
    }

    /// - Parameters:
    ///   - clock: timestamps (CreationDateTime) and signature-time checks.
    ///   - authenticator: signature verification; `AcceptAllAuthenticator` turns it off.
    public convenience init(clock: WallClock = VirtualClock(), authenticator: any RequestAuthenticator = AcceptAllAuthenticator()) {
        self.init(clock: clock, authenticator: authenticator, regions: [:])
    }

    init(
        clock: WallClock, authenticator: any RequestAuthenticator, regions: [String: RegionState],
        tableSequence: UInt64 = 0, store: DataStore? = nil
    ) {
        self.clock = clock
        self.authenticator = authenticator
        self.store = store
        let regions = Self.restoringStreams(regions, clock: clock)
        loadedRegions = regions
        loadedTableSequence = tableSequence
        state = Mutex(State(regions: regions, tableSequence: tableSequence))
    }

    /// An emulator over `<fixturesDirectory>/dynamodb/<region>/<table>.json` (see `DynamoDBFixtures`).
    ///
    /// - Parameter authenticator: e.g. `SigV4RequestAuthenticator(authority: imds.authority)`.
    public convenience init(
        fixturesDirectory: String, clock: WallClock = VirtualClock(),
        authenticator: any RequestAuthenticator = AcceptAllAuthenticator()
    ) throws(FixtureError) {
        let regions = try DynamoDBFixtures.load(fixturesDirectory: fixturesDirectory, now: clock.now())
        self.init(clock: clock, authenticator: authenticator, regions: regions)
    }

    // MARK: ServiceEmulator

    /// The suite's emulator: fixtures from `<fixturesDirectory>/dynamodb/`, SigV4 required, accepting the
    /// keys in `dynamodb/credentials.json` and every key `authority` (the IMDS emulator's) issued.
    public convenience init(fixturesDirectory: String, clock: VirtualClock, authority: IMDSCredentialAuthority) throws(FixtureError) {
        let keys = try DynamoDBFixtures.staticKeys(fixturesDirectory: fixturesDirectory)
        try self.init(
            fixturesDirectory: fixturesDirectory, clock: clock,
            authenticator: SigV4RequestAuthenticator(staticKeys: keys, authority: authority))
    }

    /// API calls (by `X-Amz-Target`), the endpoint's probes, and any other `POST /` no earlier emulator
    /// took (DynamoDB answers it as an unknown operation).
    public func claims(_ request: HTTPRequest) -> Bool {
        (request.method == "POST" && (DynamoDBTarget.action(of: request) != nil || DynamoDBTarget.streamsAction(of: request) != nil))
            || EndpointProbe.kind(of: request) != nil
            || (request.method == "POST" && request.path == "/" && request.headers["X-Amz-Target"] == nil)
    }

    public func operation(for request: HTTPRequest) -> String {
        Self.knownAction(of: request) ?? "unknown"
    }

    public var knownOperations: [String] { Self.knownActions + Self.streamsActions }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let requestID = nextRequestID()
        if let probe = EndpointProbe.kind(of: request) { return EndpointProbe.answer(probe, to: request, requestID: requestID) }
        let result: Result<ResponseDocument, DynamoDBError>
        do {
            let (action, call, document) = try prepare(request)
            result = .success(try perform(action, call, document: document))
            // A deleted table's items are freed now; glibc would keep their pages (see HeapTrimmer).
            if action == "DeleteTable" { HeapTrimmer.shared.schedule() }
        } catch {
            result = .failure(error)
        }
        let response = switch result {
        case .success(let body): EndpointProbe.withCORS(DynamoDBResponse.json(body.bytes, requestID: requestID), for: request)
        case .failure(let error): EndpointProbe.withCORS(error.response(requestID: requestID), for: request)
        }
        return ResponseEncoding.negotiated(response, for: request)
    }

    /// Routing, authentication and parsing: the action, its call, and the request document (for the log).
    func prepare(_ request: HTTPRequest) throws(DynamoDBError) -> (String, DynamoDBCall, JSONValue) {
        guard let action = Self.knownAction(of: request) else { throw .unknownOperation }
        let now = clock.now()
        sweepIfDue(now: now)
        if let error = authenticator.authenticate(request, now: now) { throw error }
        let region = AWSJSONRequest.region(of: request)
        guard AWSJSONRequest.isRegionName(region) else {
            // DynamoDB's text for a scope naming no region it serves, trailing space included (confirmed:
            // aws/aws-sdk-js#4002, 2021, scope 'eu-east-2'; gonsuke/fluent-plugin-dynamodb#30, 2021). The
            // scope is shown as the interception layer shows it: printable ASCII, at most 64 characters.
            let shown = String(region.unicodeScalars.prefix(64).map { (0x20...0x7E).contains($0.value) ? Character($0) : "?" })
            throw DynamoDBError(
                type: "InvalidSignatureException", message: "Credential should be scoped to a valid region, not '\(shown)'. ",
                namespace: DynamoDBError.serviceNamespace)
        }
        let document: JSONValue
        do {
            let body = try ContentDecoding.body(of: request)
            document = try JSONValue.parse(body.isEmpty ? Array("{}".utf8) : body)
        } catch let error as DynamoDBError {
            throw error
        } catch {
            // Coral answers a body that is not JSON with a bare SerializationException, no message.
            throw .serialization("")
        }
        let call = DynamoDBCall(region: region, body: try RequestBody(document), now: now, host: request.headers["Host"])
        return (action, call, document)
    }

    func dispatch(_ action: String, _ call: DynamoDBCall) throws(DynamoDBError) -> ResponseDocument {
        switch action {
        case "CreateTable": return .json(try createTable(call))
        case "DescribeTable": return .json(try describeTable(call))
        case "ListTables": return .json(try listTables(call))
        case "DeleteTable": return .json(try deleteTable(call))
        case "UpdateTable": return .json(try updateTable(call))
        case "PutItem": return .json(try putItem(call))
        case "GetItem": return try getItem(call)
        case "DeleteItem": return .json(try deleteItem(call))
        case "UpdateItem": return .json(try updateItem(call))
        case "Query": return .page(try query(call))
        case "Scan": return .page(try scan(call))
        case "BatchWriteItem": return .json(try batchWriteItem(call))
        case "BatchGetItem": return .json(try batchGetItem(call))
        case "TransactWriteItems": return .json(try idempotent(call) { () throws(DynamoDBError) in try transactWriteItems(call) })
        case "TransactGetItems": return .json(try transactGetItems(call))
        case "DescribeTimeToLive": return .json(try describeTimeToLive(call))
        case "UpdateTimeToLive": return .json(try updateTimeToLive(call))
        case "ListStreams": return .json(try listStreams(call))
        case "DescribeStream": return .json(try describeStream(call))
        case "GetShardIterator": return .json(try getShardIterator(call))
        case "GetRecords": return .json(try getRecords(call))
        case "TagResource": _ = try tagResource(call); return .empty
        case "UntagResource": _ = try untagResource(call); return .empty
        case "ListTagsOfResource": return .json(try listTagsOfResource(call))
        case "DescribeEndpoints": return .json(describeEndpoints(call))
        case "DescribeLimits": return .json(describeLimits(call))
        case "DescribeContinuousBackups": return .json(try describeContinuousBackups(call))
        case "UpdateContinuousBackups": return .json(try updateContinuousBackups(call))
        case "ExecuteStatement": return .json(try executeStatement(call))
        case "BatchExecuteStatement": return .json(try batchExecuteStatement(call))
        case "ExecuteTransaction": return .json(try idempotent(call) { () throws(DynamoDBError) in try executeTransaction(call) })
        case _ where Self.legacyGlobalTableActions.contains(action): return .json(try legacyGlobalTable(action, call))
        default:
            throw DynamoDBError(
                type: "UnknownOperationException",
                message: "\(action) is not implemented by this emulator", namespace: DynamoDBError.serviceNamespace)
        }
    }

    /// Back to the tables as loaded at start (from fixtures or the data directory); with a data
    /// directory, that state becomes its new snapshot.
    public func reset() {
        state.withLock { state in
            state.regions = loadedRegions
            state.tableSequence = loadedTableSequence
            state.clientRequestTokens = ClientRequestTokens()
        }
        nextSweepMillis.store(.min, ordering: .relaxed)
        HeapTrimmer.shared.schedule()
        do {
            try store?.startGeneration { [self] in snapshotFiles() }
        } catch {
            FileHandle.standardError.write(Data("dynamodb: reset not persisted: \(error)\n".utf8))
        }
    }

    /// The edge's hook for work on the clock: runs the Time to Live sweep when due and reports each
    /// table's deletions, for the journal.
    public func performDueWork(now: Date) -> [BackgroundWork] {
        sweepIfDue(now: now).map { sweep in
            BackgroundWork(
                operation: Self.timeToLiveExpiryAction, path: "/\(sweep.region)/\(sweep.table)?deleted=\(sweep.count)",
                region: sweep.region)
        }
    }

    public func endpointVariables(baseURL: String) -> [(name: String, value: String)] {
        [("AWS_ENDPOINT_URL_DYNAMODB", baseURL), ("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", baseURL)]
    }

    func nextRequestID() -> String {
        RequestID.make(state.withLock { state in
            state.requestSequence += 1
            return state.requestSequence
        })
    }

    /// `knownActions` for lookups on every request (the list is ~60 names long).
    static let knownActionSet = Set(knownActions)

    /// Every DynamoDB_20120810 action, implemented or not, so fault rules can name any of them.
    static let knownActions = [
        "BatchExecuteStatement", "BatchGetItem", "BatchWriteItem", "CreateBackup", "CreateGlobalTable",
        "CreateTable", "DeleteBackup", "DeleteItem", "DeleteResourcePolicy", "DeleteTable", "DescribeBackup",
        "DescribeContinuousBackups", "DescribeContributorInsights", "DescribeEndpoints", "DescribeExport",
        "DescribeGlobalTable", "DescribeGlobalTableSettings", "DescribeImport", "DescribeKinesisStreamingDestination",
        "DescribeLimits", "DescribeTable", "DescribeTableReplicaAutoScaling", "DescribeTimeToLive",
        "DisableKinesisStreamingDestination", "EnableKinesisStreamingDestination", "ExecuteStatement",
        "ExecuteTransaction", "ExportTableToPointInTime", "GetItem", "GetResourcePolicy", "ImportTable",
        "ListBackups", "ListContributorInsights", "ListExports", "ListGlobalTables", "ListImports", "ListTables",
        "ListTagsOfResource", "PutItem", "PutResourcePolicy", "Query", "RestoreTableFromBackup",
        "RestoreTableToPointInTime", "Scan", "TagResource", "TransactGetItems", "TransactWriteItems",
        "UntagResource", "UpdateContinuousBackups", "UpdateContributorInsights", "UpdateGlobalTable",
        "UpdateGlobalTableSettings", "UpdateItem", "UpdateKinesisStreamingDestination", "UpdateTable",
        "UpdateTableReplicaAutoScaling", "UpdateTimeToLive",
    ]
}

/// One request's inputs, after routing and authentication.
struct DynamoDBCall {
    let region: String
    let body: RequestBody
    let now: Date
    /// The host the request was sent to (its `Host` header), when it named one.
    var host: String? = nil
    /// `.stored` when a data directory's log is replayed (see `InputChecks`).
    var checks: InputChecks = .request
}
