import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockServices
import DrydockTesting
import EmulatorKit
import Foundation
import Testing

/// Several hosts, one token: `drydock` processes in simulated hosts (each its own HOME and secrets
/// directory, so its own flock and cache file) sharing the token through the emulators' Secrets Manager,
/// with the DynamoDB lease deciding which host refreshes.
@Suite("Single flight across hosts", .timeLimit(.minutes(2)))
struct SharedTokenProcessTests {
    static let secret = "drydock/google-token"

    /// The variables of host `name` (its HOME and secrets directory, the shared store's settings).
    static func hostEnvironment(_ harness: EmulatorHarness, _ name: String, extra: [String: String] = [:]) throws -> [String: String] {
        let secrets = try harness.makeHostSecretsDirectory(name)
        var environment = harness.processEnvironment
        environment["HOME"] = String(secrets.dropLast("/.secrets".count))
        environment["DRYDOCK_SECRETS_DIR"] = secrets
        environment["DRYDOCK_TOKEN_STORE"] = "secretsmanager"
        environment["DRYDOCK_TOKEN_SECRET"] = secret
        environment["DRYDOCK_TOKEN_REGION"] = "us-east-1"
        environment["DRYDOCK_HOST_ID"] = name
        return environment.merging(extra) { $1 }
    }

    static func clients(_ harness: EmulatorHarness) throws -> (SecretsManagerClient, DynamoDBClient) {
        let clock = SystemClock()
        let credentials = AWSCredentialChain(environment: harness.environment, transport: harness.transport, clock: clock)
        return (
            try SecretsManagerClient(region: "us-east-1", credentials: credentials, transport: harness.transport, environment: harness.environment, clock: clock),
            try DynamoDBClient(region: "us-east-1", credentials: credentials, transport: harness.transport, environment: harness.environment, clock: clock))
    }

    @Test("4 hosts × 16 processes on an expired token: one token request, one token everywhere")
    func fourHostsSixteenProcessesEach() throws {
        try withEmulators(.live) { harness in
            // The token request takes 1.5 s, so every host reaches the lease while the winner waits for it.
            try harness.addFault(#"{"service":"oauth","operation":"token","times":1,"action":{"type":"latency","ms":1500}}"#)
            let hosts = try (1...4).map { try Self.hostEnvironment(harness, "ops-\($0)") }
            let start = Date()
            // Round robin, so every host has a process early.
            let started = try (0..<64).map { index in try ChildProcess.start(Drydock.path, ["reauth"], environment: hosts[index % 4]) }
            let results = started.map { $0.wait() }
            let wall = Date().timeIntervalSince(start)

            for (index, result) in results.enumerated() {
                #expect(result.status == 0, "process \(index) on ops-\(index % 4 + 1): \(result.stderr)")
            }
            #expect(harness.tokenRequestCount == 1)
            if harness.tokenRequestCount != 1 {
                print("debug: oauth \(harness.journal(service: "oauth")) \n secretsmanager \(harness.journal(service: "secretsmanager").filter { $0["operation"]?.stringValue != "GetSecretValue" }) \n dynamodb \(harness.journal(service: "dynamodb"))")
                for result in results where !result.stderr.isEmpty { print("debug stderr: \(result.stderr)") }
            }
            let (secrets, _) = try Self.clients(harness)
            let shared = try #require(try secrets.secretValue(Self.secret).string)
            let token = try #require(try JSONValue.parse(Array(shared.utf8))["access_token"]?.stringValue)
            for host in hosts {
                let cached = try SecretsStore(directory: try #require(host["DRYDOCK_SECRETS_DIR"])).cachedToken()
                #expect(cached?.accessToken == token, "every host's cache holds the one shared token")
            }
            #expect(results.filter { $0.stdout.hasPrefix("token refreshed;") }.count == 1)
            let updates = harness.journal(service: "dynamodb", operation: "UpdateItem")
            let won = updates.filter { $0["status"]?.intValue == 200 }.count
            let lost = updates.filter { $0["status"]?.intValue == 400 }.count
            #expect(won == 3, "the winner's take, confirm and release")
            #expect(lost == 3, "each other host's one conditional failure")
            let reads = harness.journal(service: "secretsmanager", operation: "GetSecretValue").count
            let puts = harness.journal(service: "secretsmanager", operation: "PutSecretValue").count
            #expect(puts == 1)
            print("measure: 4 hosts x 16 processes: wall \(String(format: "%.2f", wall)) s; AWS calls: GetSecretValue \(reads), "
                + "UpdateItem \(updates.count) (\(won) ok, \(lost) conditional failures), PutSecretValue \(puts); token requests \(harness.tokenRequestCount)")
            let known = harness.knownSecrets()
            for result in results { known.expectAbsent(from: result.stdout + result.stderr, "reauth output") }
        }
    }

    @Test("The lease holder is SIGKILLed before it stores the token: another host takes over when the lease expires")
    func killedHolder() throws {
        try withEmulators(.live) { harness in
            try harness.addFault(#"{"service":"oauth","operation":"token","times":1,"action":{"type":"latency","ms":30000}}"#)
            // The holder's lease lasts its refresh deadline: 3 s.
            let holder = try ChildProcess.start(
                Drydock.path, ["reauth"],
                environment: try Self.hostEnvironment(harness, "ops-1", extra: ["DRYDOCK_REFRESH_DEADLINE_SECONDS": "3"]))
            let (_, dynamo) = try Self.clients(harness)
            let key: JSONValue = ["lock_id": ["S": .string(Self.secret)]]
            // Kill it once its token request is in flight (the slow-token fault has fired): it holds the lease.
            var inFlight = false
            for _ in 0..<500 where !inFlight {
                let rules = harness.router.respond(to: HTTPRequest(method: "GET", target: "/_drydock/faults"))
                inFlight = (try? JSONValue.parse(rules.body))?["rules"]?.arrayValue?.first?["fired"]?.intValue == 1
                if !inFlight { usleep(10_000) }
            }
            #expect(inFlight, "the holder sent its token request")
            #expect(try dynamo.getItem(table: "drydock-locks", key: key, consistentRead: true)?["lease"] != nil, "holding the lease")
            holder.signal(SIGKILL)
            _ = holder.wait()

            let start = Date()
            let taker = try ChildProcess.run(
                Drydock.path, ["reauth"],
                environment: try Self.hostEnvironment(harness, "ops-2", extra: ["DRYDOCK_REFRESH_DEADLINE_SECONDS": "20"]))
            let elapsed = Date().timeIntervalSince(start)

            #expect(taker.status == 0, "\(taker.stderr)")
            #expect(taker.stdout.hasPrefix("token refreshed;"))
            #expect(elapsed < 20, "within its deadline")
            let lease = try #require(try dynamo.getItem(table: "drydock-locks", key: key, consistentRead: true))
            #expect(lease["fence"]?["N"]?.stringValue == "2", "taken over under a new fencing number")
            #expect(lease["host"]?["S"]?.stringValue == "ops-2")
            #expect(lease["lease"] == nil, "released")
        }
    }

    @Test("A hanging lease table costs a host at most its refresh deadline: both processes exit 75, then the flock and the lease are free")
    func hangingLeaseTable() throws {
        try withEmulators(.live) { harness in
            try harness.addFault(#"{"id":"hang-lease","service":"dynamodb","operation":"UpdateItem","action":{"type":"hang"}}"#)
            let host = try Self.hostEnvironment(harness, "ops-1", extra: ["DRYDOCK_REFRESH_DEADLINE_SECONDS": "2"])
            let start = Date()
            // One takes the flock and hangs in UpdateItem; the other waits for the flock.
            let processes = try (0..<2).map { _ in try ChildProcess.start(Drydock.path, ["reauth"], environment: host) }
            let results = processes.map { $0.wait() }
            let wall = Date().timeIntervalSince(start)

            // The 2 s deadline plus a margin for a loaded machine; without the bound, 3 × 60 s.
            #expect(wall < 8, "both done in \(wall) s")
            for result in results { #expect(result.status == 75, "\(result.stderr)") }
            let cut = results.filter { $0.stderr.contains("could not take the refresh lease (UpdateItem)") }
            #expect(cut.count >= 1, "\(results.map(\.stderr))")
            for result in cut {
                #expect(result.stderr.contains("on lease table 'drydock-locks' in us-east-1"))
                #expect(result.stderr.contains("the refresh deadline (2 s) was reached"))
            }
            #expect(harness.journal(service: "dynamodb", operation: "UpdateItem").count == cut.count, "no retry past the deadline")
            let known = harness.knownSecrets()
            for result in results { known.expectAbsent(from: result.stdout + result.stderr, "reauth output") }

            // The endpoint recovers: nothing of the failed refresh is left holding the host or the table.
            let deleted = harness.router.respond(to: HTTPRequest(method: "DELETE", target: "/_drydock/faults/hang-lease"))
            #expect(deleted.status == 200)
            let recovered = try ChildProcess.run(Drydock.path, ["reauth"], environment: host)
            #expect(recovered.status == 0, "\(recovered.stderr)")
            #expect(recovered.stdout.hasPrefix("token refreshed;"))
            print("measure: a hanging lease table, 2 s deadline: 2 reauth processes on one host done in \(String(format: "%.2f", wall)) s")
        }
    }
}
