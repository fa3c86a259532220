import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import Testing

/// An edge with two fake services (`oauth` at `/token`, `gmail` at `/gmail/`), a manual base clock, a
/// recording sleeper and a recording log.
struct TestEdge {
    let oauth = FakeEmulator(service: "oauth", prefix: "/token")
    let gmail: FakeEmulator
    let baseClock = ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000))
    let clock: VirtualClock
    let sleeps = Recorder<Int>()
    let logs = Recorder<String>()
    let router: EdgeRouter

    init(seed: UInt64 = 7, gmailOperations: [String] = [], sleeper: Sleeper? = nil, journalCapacity: Int = 10_000) {
        gmail = FakeEmulator(service: "gmail", prefix: "/gmail/", knownOperations: gmailOperations)
        clock = VirtualClock(base: baseClock)
        let sleeps = sleeps, logs = logs
        router = EdgeRouter(
            emulators: [oauth, gmail], clock: clock, faultSeed: seed, journalCapacity: journalCapacity,
            sleeper: sleeper ?? Sleeper { sleeps.append($0) }, log: { logs.append($0) })
    }

    @discardableResult
    func send(_ method: String, _ target: String, headers: HTTPHeaders = [:], body: String = "") -> HTTPResponse {
        router.respond(to: HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
    }

    /// A control request; the response body parsed as JSON.
    @discardableResult
    func control(_ method: String, _ path: String, _ body: String = "") -> (status: Int, json: JSONValue) {
        let response = send(method, path, headers: ["Content-Type": "application/json"], body: body)
        let json = (try? JSONValue.parse(response.body)) ?? .string("unparseable: \(response.bodyText)")
        return (response.status, json)
    }

    /// Posts a fault rule (or batch) that must be accepted.
    @discardableResult
    func addRule(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
        let (status, body) = control("POST", "/_drydock/faults", json)
        #expect(status == 201, "rule rejected: \(body.serialized())", sourceLocation: sourceLocation)
        return body
    }

    /// The `error` message of a control request that must fail with `status`.
    func controlError(_ method: String, _ path: String, _ body: String = "", status: Int = 400,
                      sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let (code, json) = control(method, path, body)
        #expect(code == status, "got \(code): \(json.serialized())", sourceLocation: sourceLocation)
        return json["error"]?.stringValue ?? "no error message in \(json.serialized())"
    }

    /// Statuses of `count` requests to the token endpoint.
    func tokenStatuses(_ count: Int) -> [Int] { (0..<count).map { _ in send("POST", "/token").status } }

    var journal: [JSONValue] { control("GET", "/_drydock/journal").json["requests"]?.arrayValue ?? [] }
}
