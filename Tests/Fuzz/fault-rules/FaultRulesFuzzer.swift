import DrydockHTTP
import DynamoDBEmulator
import EmulatorKit
import FuzzSupport
import GmailEmulator
import GoogleOAuthEmulator
import IMDSEmulator
import SheetsEmulator

/// The control API, fault rules first. The input is one or more control requests separated by lines
/// holding only `%%`; each is the JSON body of `POST /_drydock/faults` (one rule or `{"rules": […]}`),
/// decoded and validated by the edge router, unless its first line is `METHOD /path`
/// (`POST /_drydock/clock/advance`, `GET /_drydock/journal?since=3`, `DELETE /_drydock/faults/r1`, …),
/// which sends the rest to that path. Then the rules are listed back (their JSON encoding), a request to
/// each service is sent twice through them (glob matching on operation, path, headers and region;
/// nth/every/probability/times/after/until on the advanced clock; every action), the journal is read,
/// and the edge is reset.
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
        HTTPRequest(
            method: "POST", target: "/",
            headers: [
                "X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0",
                "Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20261126/us-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=00",
            ],
            body: Array("{}".utf8)),
    ]

    static func run(_ input: [UInt8]) {
        for block in blocks(input) { send(block) }
        ResponseOracle.check(router.respond(to: HTTPRequest(method: "GET", target: "/_drydock/faults")), "GET /_drydock/faults")
        for _ in 0..<2 {
            for probe in probes { ResponseOracle.checkSendable(router.respond(to: probe), "\(probe.method) \(probe.target) under the rules") }
            probeIMDS()
        }
        ResponseOracle.check(router.respond(to: HTTPRequest(method: "GET", target: "/_drydock/journal")), "GET /_drydock/journal")
        router.reset()
    }

    /// IMDSv2 as an SDK uses it: a session token, then the role's credentials with it (issuing or
    /// rotating keys on the possibly advanced clock).
    static func probeIMDS() {
        let token = router.respond(to: HTTPRequest(
            method: "PUT", target: "/latest/api/token", headers: ["X-aws-ec2-metadata-token-ttl-seconds": "21600"]))
        ResponseOracle.checkSendable(token, "PUT /latest/api/token under the rules")
        let credentials = router.respond(to: HTTPRequest(
            method: "GET", target: "/latest/meta-data/iam/security-credentials/drydock-ops-host",
            headers: ["X-aws-ec2-metadata-token": token.bodyText]))
        ResponseOracle.checkSendable(credentials, "GET security-credentials under the rules")
    }

    /// The input split at lines that hold only `%%`.
    static func blocks(_ input: [UInt8]) -> [[UInt8]] {
        var blocks: [[UInt8]] = [[]]
        for line in FuzzText.lines(input) {
            if line.elementsEqual("%%".utf8) {
                blocks.append([])
            } else {
                if !blocks[blocks.count - 1].isEmpty { blocks[blocks.count - 1].append(UInt8(ascii: "\n")) }
                blocks[blocks.count - 1] += line
            }
        }
        return blocks
    }

    /// One control request: `METHOD /path` on the first line, or a fault-rule body.
    static func send(_ block: [UInt8]) {
        var method = "POST"
        var target = "/_drydock/faults"
        var body = block
        let (first, rest) = FuzzText.firstLine(block)
        if let space = first.firstIndex(of: UInt8(ascii: " ")) {
            let word = first[..<space]
            let path = first[(space + 1)...]
            if !word.isEmpty, word.allSatisfy({ (0x41...0x5A).contains($0) }), path.first == UInt8(ascii: "/") {
                method = FuzzText.text(word)
                target = FuzzText.text(path)
                body = rest.map(Array.init) ?? []
            }
        }
        let response = router.respond(to: HTTPRequest(
            method: method, target: target, headers: ["Content-Type": "application/json", "Host": "127.0.0.1"], body: body))
        // A path outside the control API reaches an emulator, where a rule added earlier may rightly
        // answer a 5xx or reset (a `DELETE /latest/meta-data/…` under a reset rule is IMDS's 502).
        if target.hasPrefix("/_drydock/") {
            ResponseOracle.check(response, "\(method) control request")
        } else {
            ResponseOracle.checkSendable(response, "\(method) request outside the control API")
        }
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
