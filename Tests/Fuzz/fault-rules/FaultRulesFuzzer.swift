import DrydockHTTP
import DynamoDBEmulator
import EmulatorKit
import FuzzSupport
import GmailEmulator
import GoogleOAuthEmulator
import IMDSEmulator
import SheetsEmulator

/// The control API, fault rules first: the input is the JSON body of `POST /_drydock/faults` (one
/// rule or `{"rules": […]}`), decoded and validated by the edge router. When the rules are accepted
/// they are listed back (their JSON encoding), a request to each service is sent through them (glob
/// matching on operation, path, headers and region; nth/every/probability/times; every action), and
/// the edge is reset. A first line `METHOD /path` (`POST /_drydock/clock/advance`,
/// `GET /_drydock/journal?since=3`, …) sends the rest of the input to that path instead.
///
/// Latency faults do not sleep here (the router's sleeper is a no-op); answers of the probes are
/// only checked for what the HTTP server could not send (`ResponseOracle.checkSendable`), since a
/// rule may ask for a 5xx or a malformed body.
enum FaultRulesFuzzer {
    static let router: EdgeRouter = {
        let clock = FuzzFixtures.frozenClock()
        let fixtures = FuzzFixtures.defaultDirectory
        do {
            let oauth = try GoogleOAuthEmulator(fixturesDirectory: fixtures, clock: clock)
            let gmail = try GmailEmulator(fixturesDirectory: fixtures, authority: oauth.authority)
            let sheets = try SheetsEmulator(fixturesDirectory: fixtures, authority: oauth.authority)
            let imds = try IMDSEmulator(fixturesDirectory: fixtures, clock: clock)
            let dynamodb = try DynamoDBEmulator(fixturesDirectory: fixtures, clock: clock, authority: imds.authority)
            return EdgeRouter(emulators: [oauth, gmail, sheets, imds, dynamodb], clock: clock, sleeper: Sleeper { _ in })
        } catch {
            fatalError("fuzz setup: cannot load the default fixtures: \(error)")
        }
    }()

    /// One request per service, for the rules to match (or not).
    static let probes: [HTTPRequest] = [
        HTTPRequest(
            method: "POST", target: "/token", headers: ["Content-Type": "application/x-www-form-urlencoded", "X-Debug": "1"],
            body: Array("grant_type=refresh_token&client_id=fuzz&client_secret=fuzz&refresh_token=fuzz".utf8)),
        HTTPRequest(method: "GET", target: "/gmail/v1/users/me/messages?q=booking", headers: ["Authorization": "Bearer fuzz"]),
        HTTPRequest(method: "GET", target: "/v4/spreadsheets/1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a/values/A1"),
        HTTPRequest(method: "PUT", target: "/latest/api/token", headers: ["X-aws-ec2-metadata-token-ttl-seconds": "60"]),
        HTTPRequest(method: "GET", target: "/latest/meta-data/iam/security-credentials/"),
        HTTPRequest(
            method: "POST", target: "/",
            headers: [
                "X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0",
                "Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20261126/us-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=00",
            ],
            body: Array("{}".utf8)),
    ]

    static func run(_ input: [UInt8]) {
        var method = "POST"
        var target = "/_drydock/faults"
        var body = input
        let (first, rest) = FuzzText.firstLine(input)
        if let rest, let space = first.firstIndex(of: UInt8(ascii: " ")) {
            let word = first[..<space]
            let path = first[(space + 1)...]
            if !word.isEmpty, word.allSatisfy({ (0x41...0x5A).contains($0) }), path.first == UInt8(ascii: "/") {
                method = FuzzText.text(word)
                target = FuzzText.text(path)
                body = Array(rest)
            }
        }
        let response = router.respond(to: HTTPRequest(
            method: method, target: target, headers: ["Content-Type": "application/json", "Host": "127.0.0.1"], body: body))
        ResponseOracle.check(response, "\(method) control request")
        if target == "/_drydock/faults", response.status == 201 {
            ResponseOracle.check(router.respond(to: HTTPRequest(method: "GET", target: "/_drydock/faults")), "GET /_drydock/faults")
            for _ in 0..<2 {
                for probe in probes { ResponseOracle.checkSendable(router.respond(to: probe), "\(probe.method) \(probe.target) under the rules") }
            }
            ResponseOracle.check(router.respond(to: HTTPRequest(method: "GET", target: "/_drydock/journal")), "GET /_drydock/journal")
        }
        router.reset()
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FaultRulesFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_fault_rules_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = FaultRulesFuzzer.router
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
