import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockServices
import DrydockTesting
import Foundation
import Synchronization
import Testing

/// `drydock emulators serve --data-dir`: a server killed with SIGKILL while writers are busy loses no
/// write it acknowledged, restart after restart.
@Suite("DynamoDB data directory survives SIGKILL")
struct DataDirectoryCrashTests {
    static let table = "crash-ledger"

    /// What the writers have seen: keys whose PutItem was answered 200, and the counter's ADDs that were
    /// answered (the counter must be at least that) or merely sent (it can be at most that).
    struct Ledger {
        var acknowledgedKeys: Set<String> = []
        var acknowledgedAdds = 0
        var attemptedAdds = 0
        /// The first error a writer saw while the server was meant to be up.
        var unexpectedError: String?
    }

    /// One `serve` process (on `data`, when given), with a DynamoDB client using its IMDS credentials (no keys).
    struct Server {
        let process: StreamingProcess
        let client: DynamoDBClient

        init(data: String?, home: String) throws {
            process = try StreamingProcess(
                Drydock.path, ["emulators", "serve", "--port", "0", "--quiet"] + (data.map { ["--data-dir", $0] } ?? []),
                environment: ["PATH": ServeCommandTests.path, "HOME": home])
            let ready = process.waitForOutput(1, timeout: 30) { $0.contains("# drydock emulators on ") }
            try #require(ready, "serve did not start; stderr: \(process.output(2))")
            var variables = ServeCommandTests.exports(process.output(1))
            variables["AWS_REGION"] = "us-east-1"
            let environment = Environment(variables)
            let transport = HTTPClient()
            client = try DynamoDBClient(
                credentials: AWSCredentialChain(environment: environment, transport: transport, clock: SystemClock()),
                transport: transport, environment: environment, clock: SystemClock(),
                retryPolicy: DynamoDBRetryPolicy(maxAttempts: 1))
        }
    }

    @Test func killedServersKeepEveryAcknowledgedWrite() throws {
        let scratch = try TemporaryDirectory("ddb-crash")
        defer { scratch.remove() }
        let data = scratch.appending("data")
        let ledger = Mutex(Ledger())
        var generator = SystemRandomNumberGenerator()
        for round in 0..<4 {
            let server = try Server(data: data, home: scratch.path)
            defer { server.process.terminate() }
            if round == 0 {
                _ = try server.client.call("CreateTable", [
                    "TableName": .string(Self.table), "BillingMode": "PAY_PER_REQUEST",
                    "AttributeDefinitions": [["AttributeName": "pk", "AttributeType": "S"]],
                    "KeySchema": [["AttributeName": "pk", "KeyType": "HASH"]],
                ])
            } else {
                try verify(ledger.withLock { $0 }, through: server.client, round: round)
            }
            // Four writers until the server dies under them, killed after a random number of acknowledgements.
            let killAfter = Int.random(in: 10...120, using: &generator)
            let acknowledgements = Atomic<Int>(0)
            let running = Atomic<Int>(4)
            let killed = Atomic<Bool>(false)
            let writers = DispatchGroup()
            for writer in 0..<4 {
                writers.enter()
                Thread.detachNewThread { [client = server.client] in
                    defer {
                        running.subtract(1, ordering: .relaxed)
                        writers.leave()
                    }
                    for index in 0... {
                        let key = "r\(round)-w\(writer)-\(index)"
                        let isAdd = writer == 0 && index % 2 == 1
                        if isAdd { ledger.withLock { $0.attemptedAdds += 1 } }
                        do {
                            if isAdd {
                                _ = try client.call("UpdateItem", [
                                    "TableName": .string(Self.table), "Key": ["pk": ["S": "counter"]],
                                    "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": [":one": ["N": "1"]],
                                ])
                                ledger.withLock { $0.acknowledgedAdds += 1 }
                            } else {
                                _ = try client.call("PutItem", [
                                    "TableName": .string(Self.table), "Item": ["pk": ["S": .string(key)], "round": ["N": .string(String(round))]],
                                ])
                                ledger.withLock { _ = $0.acknowledgedKeys.insert(key) }
                            }
                        } catch {
                            // The server is gone: this write's outcome is unknown.
                            if !killed.load(ordering: .relaxed) {
                                ledger.withLock { $0.unexpectedError = $0.unexpectedError ?? "\(key): \(error)" }
                            }
                            return
                        }
                        acknowledgements.add(1, ordering: .relaxed)
                    }
                }
            }
            while acknowledgements.load(ordering: .relaxed) < killAfter && running.load(ordering: .relaxed) > 0 { usleep(500) }
            killed.store(true, ordering: .relaxed)
            server.process.signal(SIGKILL)
            let ended = server.process.wait(timeout: 20)
            #expect(ended?.status == 128 + SIGKILL)
            #expect(writers.wait(timeout: .now() + 60) == .success, "writers still running after the server died")
            let unexpected = ledger.withLock { $0.unexpectedError }
            try #require(unexpected == nil, "a write failed before the kill: \(unexpected ?? "")")
        }
        let final = try Server(data: data, home: scratch.path)
        defer { final.process.terminate() }
        try verify(ledger.withLock { $0 }, through: final.client, round: 4)
        #expect(ledger.withLock { $0.acknowledgedKeys.count } >= 4 * 7, "each round acknowledged writes before its kill")
    }

    @Test func anUnusableDataDirectoryIsAConfigurationError() throws {
        let scratch = try TemporaryDirectory("ddb-bad-data")
        defer { scratch.remove() }
        let file = scratch.appending("not-a-directory")
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try ChildProcess.run(
            Drydock.path, ["emulators", "serve", "--port", "0", "--quiet", "--data-dir", file],
            environment: ["PATH": ServeCommandTests.path, "HOME": scratch.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("data directory \(file)"), "\(result.stderr)")
    }

    /// Every acknowledged key is there, and the counter lies between acknowledged and attempted ADDs.
    func verify(_ ledger: Ledger, through client: DynamoDBClient, round: Int) throws {
        var stored: Set<String> = []
        var counter = 0
        var start: JSONValue?
        repeat {
            var request: [(String, JSONValue)] = [("TableName", .string(Self.table)), ("ConsistentRead", true)]
            if let start { request.append(("ExclusiveStartKey", start)) }
            let page = try client.call("Scan", .object(request))
            for item in page["Items"]?.arrayValue ?? [] {
                guard let key = item["pk"]?["S"]?.stringValue else { continue }
                if key == "counter" { counter = item["n"]?["N"]?.stringValue.flatMap { Int($0) } ?? 0 } else { stored.insert(key) }
            }
            start = page["LastEvaluatedKey"]
        } while start != nil
        let lost = ledger.acknowledgedKeys.subtracting(stored)
        #expect(lost.count == 0, "after restart \(round): \(lost.count) acknowledged writes lost, e.g. \(lost.sorted().prefix(3))")
        #expect(counter >= ledger.acknowledgedAdds && counter <= ledger.attemptedAdds,
                "after restart \(round): counter \(counter), acknowledged ADDs \(ledger.acknowledgedAdds), attempted \(ledger.attemptedAdds)")
    }
}
