import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockHTTP
import DrydockTesting
import Foundation

/// A DynamoDB server under test, started and answering: Drydock's `drydock emulators serve --port 0
/// --quiet` or `moto_server -p <free port>`.
///
/// Starting one is also the cold-start measurement: the clock runs from before the spawn to the first
/// ListTables answered 200. For Drydock that includes reading the printed exports and fetching role
/// credentials from the served IMDS endpoint (token PUT, role, credentials: what an SDK does first), on the
/// same keep-alive client. moto accepts any signature: its requests are signed with the keys given (the
/// Drydock server's IMDS keys for the load, so both servers get the same bytes, ~1 KB session token
/// included; `motoCredentials` for cold starts).
final class DynamoDBServer {
    enum Kind {
        case drydock(path: String)
        case moto(DynamoDBMoto, credentials: AWSCredentials)
    }

    /// Keys for moto's cold starts, when no Drydock server has issued any (never printed).
    static let motoCredentials = AWSCredentials(accessKeyID: "AKIDMOTOBENCH", secretAccessKey: "moto-ignores-signatures")

    let wire: DynamoDBWire
    let pid: pid_t
    /// Spawn → first ListTables 200 (ms).
    let coldStartMilliseconds: Double
    /// Drydock only: spawn → the URL line after the exports (ms), the process's own start-up.
    let exportsMilliseconds: Double?
    private let process: ChildSpawn
    private let scratch: TemporaryDirectory?

    /// Starts the server and sends ListTables until it answers 200, on `client`.
    init(_ kind: Kind, client: HTTPClient) throws {
        switch kind {
        case .drydock(let path):
            let start = Monotonic.now()
            let serve = try ServeProcess(drydock: path)
            exportsMilliseconds = Monotonic.milliseconds(since: start)
            guard let endpoint = serve.exports["AWS_ENDPOINT_URL_DYNAMODB"],
                  let imds = serve.exports["AWS_EC2_METADATA_SERVICE_ENDPOINT"] else {
                serve.stop()
                throw BenchError("drydock emulators serve printed no AWS_ENDPOINT_URL_DYNAMODB or AWS_EC2_METADATA_SERVICE_ENDPOINT export")
            }
            let provider = IMDSCredentialProvider(
                configuration: IMDSConfiguration(endpoint: imds, v1Disabled: true, timeout: 5), transport: client,
                clock: SystemClock())
            do {
                wire = try DynamoDBWire(endpoint: endpoint, credentials: try provider.credentials())
                try Self.waitForListTables(wire, client: client, timeout: 10)
            } catch {
                serve.stop()
                throw error
            }
            coldStartMilliseconds = Monotonic.milliseconds(since: start)
            process = serve.child
            scratch = nil
        case .moto(let moto, let credentials):
            let directory = try TemporaryDirectory("bench-moto")
            let port = try DynamoDBMoto.freePort()
            wire = try DynamoDBWire(endpoint: "http://127.0.0.1:\(port)", credentials: credentials)
            exportsMilliseconds = nil
            let start = Monotonic.now()
            let child = try moto.spawn(port: port, log: directory.appending("moto.log"))
            do {
                try Self.waitForListTables(wire, client: client, timeout: 60)
            } catch {
                child.stop(SIGKILL)
                let log = (try? String(contentsOfFile: directory.appending("moto.log"), encoding: .utf8)) ?? ""
                directory.remove()
                throw BenchError("\(error); moto_server log: \(log.suffix(500))")
            }
            coldStartMilliseconds = Monotonic.milliseconds(since: start)
            process = child
            scratch = directory
        }
        pid = process.pid
    }

    /// `VmRSS` and `RssAnon` of the server process (kB).
    var residentKilobytes: (total: Double, anonymous: Double) {
        get throws { (try ProcStatus.kilobytes("VmRSS", pid: pid), try ProcStatus.kilobytes("RssAnon", pid: pid)) }
    }

    func stop() {
        process.stop(SIGTERM)
        scratch?.remove()
    }

    /// ListTables until 200; refused connections (moto still importing) are retried every 0.2 ms.
    private static func waitForListTables(_ wire: DynamoDBWire, client: HTTPClient, timeout: Double) throws {
        let deadline = Monotonic.now() + UInt64(timeout * 1e9)
        let request = wire.request("ListTables", [:])
        var last = "no answer"
        while Monotonic.now() < deadline {
            do {
                let response = try client.send(request)
                if response.status == 200, DynamoDBAnswer.contains(response.body, "\"TableNames\"") { return }
                last = "status \(response.status): \(response.bodyText.prefix(300))"
            } catch {
                last = "\(error)"
            }
            usleep(200)
        }
        throw BenchError("ListTables on \(wire.endpoint) did not answer 200 within \(timeout) s (last: \(last))")
    }
}
