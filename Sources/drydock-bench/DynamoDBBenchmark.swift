import DrydockCore
import DrydockHTTP
import Foundation

/// DynamoDB, Drydock beside moto_server in one run, both driven by the same client code: DrydockHTTP's
/// libcurl `HTTPClient`, one keep-alive connection per server, sequential requests, SigV4-signed JSON-protocol
/// requests from `DynamoDBWire`.
///
/// 1. Cold start: spawn → first ListTables 200 (`DynamoDBServer`), one untimed run each first.
/// 2. Load: one fresh server of each kind, the `DynamoDBWorkload` table loaded into both, then per operation
///    (GetItem, PutItem, Query) Drydock's loop and moto's loop back to back, so a change in the machine's
///    load hits both alike: `warmup` untimed requests, then `requests` timed ones.
/// 3. RSS of each load server after the loops, and the TCP connections libcurl opened during the timed
///    requests (its own count: a reconnect after the server's 30 s idle timeout, while moto's loop runs,
///    falls in the next warmup).
enum DynamoDBBenchmark {
    struct ServerResult {
        let name: String
        let coldStart: Samples
        /// Drydock only: spawn → exports printed, per cold start (ms).
        let coldStartToExports: Samples?
        let operations: [(operation: DynamoDBOperation, result: RequestRotation.Result)]
        let rss: (total: Double, anonymous: Double)
        /// New TCP connections during the timed requests of all loops (0: one kept-alive connection).
        let connections: Int

        func result(_ operation: DynamoDBOperation) -> RequestRotation.Result? {
            operations.first { $0.operation == operation }?.result
        }
    }

    struct Result {
        let drydock: ServerResult
        let moto: ServerResult?
        let requests: Int
        let warmup: Int
        /// What signing one request costs the client (µs), measured here; the loops send pre-signed requests.
        let signingMicroseconds: Double
    }

    struct Settings {
        var requests = 5_000
        var warmup = 200
        var drydockColdRuns = 20
        var motoColdRuns = 5
    }

    static func run(drydock: String, moto: DynamoDBMoto?, settings: Settings) throws -> Result {
        let drydockKind = DynamoDBServer.Kind.drydock(path: drydock)
        let drydockCold = try coldStart(drydockKind, label: "drydock", runs: settings.drydockColdRuns)
        let motoCold = try moto.map {
            try coldStart(.moto($0, credentials: DynamoDBServer.motoCredentials), label: "moto_server", runs: settings.motoColdRuns)
        }

        let drydockClient = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 30))
        let motoClient = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 30))
        let drydockServer = try DynamoDBServer(drydockKind, client: drydockClient)
        defer { drydockServer.stop() }
        let motoServer = try moto.map {
            try DynamoDBServer(.moto($0, credentials: drydockServer.wire.credentials), client: motoClient)
        }
        defer { motoServer?.stop() }
        try DynamoDBWorkload.load(drydockServer.wire, client: drydockClient)
        if let motoServer { try DynamoDBWorkload.load(motoServer.wire, client: motoClient) }
        progress("dynamodb: table \(DynamoDBWorkload.table) loaded with \(DynamoDBWorkload.itemCount) items on each server")

        var drydockLoops: [(DynamoDBOperation, RequestRotation.Result)] = []
        var motoLoops: [(DynamoDBOperation, RequestRotation.Result)] = []
        var drydockConnections = 0
        var motoConnections = 0
        for operation in DynamoDBOperation.allCases {
            let ours = try loop(operation, drydockServer, drydockClient, "drydock", settings)
            drydockLoops.append((operation, ours.result))
            drydockConnections += ours.connections
            if let motoServer {
                let theirs = try loop(operation, motoServer, motoClient, "moto_server", settings)
                motoLoops.append((operation, theirs.result))
                motoConnections += theirs.connections
            }
        }
        let drydockResult = ServerResult(
            name: "Drydock", coldStart: drydockCold.0, coldStartToExports: drydockCold.1, operations: drydockLoops,
            rss: try drydockServer.residentKilobytes, connections: drydockConnections)
        let motoResult = try motoServer.map { server in
            ServerResult(
                name: moto.map { "\($0.name) at \($0.path)" } ?? "moto_server", coldStart: motoCold!.0, coldStartToExports: nil, operations: motoLoops,
                rss: try server.residentKilobytes, connections: motoConnections)
        }
        return Result(
            drydock: drydockResult, moto: motoResult, requests: settings.requests, warmup: settings.warmup,
            signingMicroseconds: signingMicroseconds(drydockServer.wire))
    }

    private static func coldStart(_ kind: DynamoDBServer.Kind, label: String, runs: Int) throws -> (Samples, Samples?) {
        var samples: [Double] = []
        var exports: [Double] = []
        for run in 0...runs {
            let server = try DynamoDBServer(kind, client: HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 10)))
            server.stop()
            // The first run pages the binary (or the interpreter and its packages) in: a process cold start,
            // not a page-cache cold start.
            guard run > 0 else { continue }
            samples.append(server.coldStartMilliseconds)
            if let printed = server.exportsMilliseconds { exports.append(printed) }
            progress("dynamodb: \(label) cold start \(run)/\(runs): \(Format.ms(server.coldStartMilliseconds))"
                + (server.exportsMilliseconds.map { " (exports printed at \(Format.ms($0)))" } ?? ""))
        }
        return (Samples(samples), exports.isEmpty ? nil : Samples(exports))
    }

    /// The warmup as an untimed run of its own, so the client's connection count can be read around the
    /// timed requests alone.
    private static func loop(
        _ operation: DynamoDBOperation, _ server: DynamoDBServer, _ client: HTTPClient, _ label: String, _ settings: Settings
    ) throws -> (result: RequestRotation.Result, connections: Int) {
        let rotation = operation.rotation(server.wire)
        if settings.warmup > 0 { _ = try rotation.run(client: client, requests: settings.warmup, warmup: 0) }
        let before = client.statistics.connectionsOpened
        let result = try rotation.run(client: client, requests: settings.requests, warmup: 0)
        let connections = client.statistics.connectionsOpened - before
        progress("dynamodb: \(label) \(operation.rawValue): \(Format.count(result.requestsPerSecond)) req/s, "
            + "p50 \(Format.ms(result.latency.median)), p99 \(Format.ms(result.latency.percentile(0.99))), "
            + "\(connections) new connections")
        return (result, connections)
    }

    /// Signing 1,000 GetItem requests with the bench's signer, per request (µs).
    private static func signingMicroseconds(_ wire: DynamoDBWire) -> Double {
        let body: JSONValue = ["TableName": .string(DynamoDBWorkload.table), "Key": DynamoDBWorkload.key(pk: "crew#0001", sk: "leg#000")]
        let date = Date()
        let start = Monotonic.now()
        for _ in 0..<1_000 { _ = wire.request(DynamoDBOperation.getItem.rawValue, body, date: date) }
        return Double(Monotonic.now() - start) / 1e3 / 1_000
    }
}
