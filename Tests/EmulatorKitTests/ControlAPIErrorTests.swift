import DrydockCore
import DrydockHTTP
import EmulatorKit
import Testing

/// Every kind of bad control input gets a 400 saying what was wrong and where, and stores nothing.
@Suite struct ControlAPIErrorTests {
    static let faultErrors: [(body: String, message: String)] = [
        ("{", "invalid JSON at line 1, column 2: unexpected end of text inside an object"),
        ("{\n  \"action\": }", "invalid JSON at line 2, column 13: unexpected '}', expected a value"),
        ("", "invalid JSON at line 1, column 1: the document is empty"),
        ("[]", "expected an object, got an array"),
        (#"{"servic": "oauth", "action": {"type": "hang"}}"#,
         "servic: unknown field; a fault rule has the fields id, service, operation, method, path, header, region, nth, every, times, probability, seed, after, until, action"),
        (#"{"service": "oauth"}"#, "action: required: an action object"),
        (#"{"action": "hang"}"#, #"action: expected an object, got "hang""#),
        (#"{"action": {}}"#, "action.type: required: one of status, latency, malformed, reset, close-mid-body, hang, expire-tokens"),
        (#"{"action": {"type": "explode"}}"#,
         #"action.type: unknown action type "explode"; expected one of status, latency, malformed, reset, close-mid-body, hang, expire-tokens"#),
        (#"{"action": {"type": "status"}}"#, "action.status: required: an integer 200-599"),
        (#"{"action": {"type": "status", "status": "503"}}"#, #"action.status: expected an integer 200-599, got "503""#),
        (#"{"rules": [{"action": {"type": "status", "status": 1000}}]}"#, "rules[0].action.status: expected an integer 200-599, got 1000"),
        // An interim status as the final answer: 100 leaves the client waiting, 101 would be sent as is.
        (#"{"action": {"type": "status", "status": 100}}"#, "action.status: expected an integer 200-599, got 100"),
        (#"{"action": {"type": "status", "status": 101}}"#, "action.status: expected an integer 200-599, got 101"),
        (#"{"rules": [{"action": {"type": "status", "status": 199}}]}"#, "rules[0].action.status: expected an integer 200-599, got 199"),
        (#"{"action": {"type": "status", "status": 503, "retryAfter": -1}}"#, "action.retryAfter: expected a non-negative integer (seconds), got -1"),
        (#"{"action": {"type": "status", "status": 503, "headers": {"X": 1}}}"#, "action.headers.X: expected a header value string without control characters, got 1"),
        (#"{"action": {"type": "status", "status": 503, "headers": {"X": "a\r\nSet-Cookie: x"}}}"#, "action.headers.X: expected a header value string without control characters, got \"a\\r\\nSet-Cookie: x\""),
        (#"{"action": {"type": "status", "status": 403, "reason": ""}}"#,
         #"action.reason: expected a non-empty string (an error reason such as "userRateLimitExceeded"), got """#),
        (#"{"action": {"type": "status", "status": 403, "reason": 7}}"#,
         #"action.reason: expected a non-empty string (an error reason such as "userRateLimitExceeded"), got 7"#),
        (#"{"action": {"type": "status", "status": 403, "reason": "x", "body": "{}"}}"#,
         "action.reason: a status action with a body has no reason (the body is served as given); drop one of them"),
        (#"{"action": {"type": "hang", "reason": "x"}}"#, "action.reason: unknown field; a 'hang' action has the fields type, afterHandling"),
        (#"{"action": {"type": "status", "status": 403, "reson": "x"}}"#,
         "action.reson: unknown field; a 'status' action has the fields type, status, reason, retryAfter, body, contentType, headers"),
        (#"{"action": {"type": "latency"}}"#, "action.ms: required: an integer 0-600000 (milliseconds)"),
        (#"{"action": {"type": "latency", "ms": 2.5}}"#, "action.ms: expected an integer 0-600000 (milliseconds), got 2.5"),
        (#"{"action": {"type": "latency", "ms": 10, "status": 503}}"#, "action.status: unknown field; a 'latency' action has the fields type, ms"),
        (#"{"action": {"type": "malformed", "kind": "xml"}}"#,
         #"action.kind: unknown malformed kind "xml"; expected one of truncated-json, html, empty, wrong-content-type"#),
        (#"{"action": {"type": "reset", "afterHandling": "yes"}}"#, #"action.afterHandling: expected true or false, got "yes""#),
        (#"{"action": {"type": "close-mid-body", "bytes": -3}}"#, "action.bytes: expected a non-negative integer, got -3"),
        (#"{"nth": 0, "action": {"type": "hang"}}"#, "nth: expected a positive integer, got 0"),
        (#"{"nth": "3", "action": {"type": "hang"}}"#, #"nth: expected a positive integer, got "3""#),
        (#"{"times": true, "action": {"type": "hang"}}"#, "times: expected a positive integer, got true"),
        (#"{"every": 1e400, "action": {"type": "hang"}}"#, "every: expected a positive integer, got 1e400"),
        (#"{"probability": 1.5, "action": {"type": "hang"}}"#, "probability: expected a number 0-1, got 1.5"),
        (#"{"seed": -1, "action": {"type": "hang"}}"#, "seed: expected a non-negative integer, got -1"),
        (#"{"after": 20, "until": 10, "action": {"type": "hang"}}"#, "until: must be greater than after (20.0 seconds)"),
        (#"{"after": -1, "action": {"type": "hang"}}"#, "after: expected a non-negative number of seconds, got -1"),
        (#"{"method": "PO ST", "action": {"type": "hang"}}"#, #"method: expected an HTTP method such as GET or POST, got "PO ST""#),
        (#"{"path": "", "action": {"type": "hang"}}"#, #"path: expected a non-empty string, got """#),
        (#"{"path": 7, "action": {"type": "hang"}}"#, "path: expected a non-empty string, got 7"),
        (#"{"header": 7, "action": {"type": "hang"}}"#, #"header: expected a header name, or an object {"name": …, "value": …}, got 7"#),
        (#"{"header": {"nam": "X"}, "action": {"type": "hang"}}"#, "header.nam: unknown field; a header criterion has the fields name, value"),
        (#"{"header": {"value": "X"}, "action": {"type": "hang"}}"#, "header.name: required: a header name"),
        (#"{"id": "a/b", "action": {"type": "hang"}}"#, "id: expected 1-100 characters without '/' or '?'"),
        (#"{"service": "sheets", "action": {"type": "hang"}}"#, #"service: unknown service "sheets"; this edge serves oauth, gmail"#),
        (#"{"service": "oauth", "service": "gmail", "action": {"type": "hang"}}"#, "service: duplicate field"),
        (#"{"rules": {"action": {"type": "hang"}}}"#, "rules: expected an array of rule objects, got an object"),
        (#"{"rules": [], "extra": 1}"#, "extra: unknown field; a batch of rules has the fields rules"),
        (#"{"rules": [{"action": {"type": "hang"}}, {"action": {"type": "nope"}}]}"#,
         #"rules[1].action.type: unknown action type "nope"; expected one of status, latency, malformed, reset, close-mid-body, hang, expire-tokens"#),
        (#"{"rules": [{"id": "x", "action": {"type": "hang"}}, {"id": "x", "action": {"type": "hang"}}]}"#,
         #"rules[1].id: a rule with id "x" already exists"#),
    ]

    @Test(arguments: faultErrors)
    func badFaultRulesAreRejected(body: String, message: String) {
        let edge = TestEdge()
        #expect(edge.controlError("POST", "/_drydock/faults", body) == message)
        #expect(edge.control("GET", "/_drydock/faults").json == ["rules": []])
    }

    @Test func aDuplicateOfAnExistingIdIsRejected() {
        let edge = TestEdge()
        edge.addRule(#"{"id": "mine", "action": {"type": "hang"}}"#)
        #expect(edge.controlError("POST", "/_drydock/faults", #"{"id": "mine", "action": {"type": "reset"}}"#)
                == #"id: a rule with id "mine" already exists"#)
    }

    @Test func anOperationTheServiceDoesNotDeclareIsRejected() {
        let edge = TestEdge(gmailOperations: ["users.messages.list", "users.messages.get", "users.getProfile"])
        #expect(edge.controlError("POST", "/_drydock/faults", #"{"service": "gmail", "operation": "users.mesages.list", "action": {"type": "hang"}}"#)
                == #"operation: no operation of "gmail" matches "users.mesages.list"; known: users.messages.list, users.messages.get, users.getProfile"#)
        edge.addRule(#"{"service": "gmail", "operation": "users.messages.*", "action": {"type": "hang"}}"#)
        // oauth declares no operations, so any name is accepted when the service is open.
        edge.addRule(#"{"operation": "anything", "action": {"type": "hang"}}"#)
    }

    static let clockErrors: [(body: String, message: String)] = [
        (#"{"seconds": -5}"#, "seconds: expected a non-negative number of seconds (at most 1000000000), got -5"),
        (#"{"seconds": "60"}"#, #"seconds: expected a non-negative number of seconds (at most 1000000000), got "60""#),
        (#"{"seconds": 1e12}"#, "seconds: expected a non-negative number of seconds (at most 1000000000), got 1e12"),
        ("{}", "seconds: required: a non-negative number of seconds (at most 1000000000)"),
        (#"{"seconds": 1, "minutes": 1}"#, "minutes: unknown field; a clock advance has the fields seconds"),
        ("{seconds: 1}", "invalid JSON at line 1, column 2: unexpected 's', expected a member name in double quotes"),
        ("5", "expected an object, got 5"),
    ]

    @Test(arguments: clockErrors)
    func badClockAdvancesAreRejected(body: String, message: String) {
        let edge = TestEdge()
        #expect(edge.controlError("POST", "/_drydock/clock/advance", body) == message)
        #expect(edge.router.clock.advancedSeconds == 0)
    }

    @Test(arguments: [
        ("/_drydock/journal?since=abc", #"since: expected a non-negative integer (a sequence number), got "abc""#),
        ("/_drydock/journal?since=-1", #"since: expected a non-negative integer (a sequence number), got "-1""#),
        ("/_drydock/journal?servic=oauth", "servic: unknown query parameter; expected service, operation or since"),
        ("/_drydock/journal?service=sheets", #"service: unknown service "sheets"; expected edge, egress or one of oauth, gmail"#),
    ])
    func badJournalQueriesAreRejected(path: String, message: String) {
        #expect(TestEdge().controlError("GET", path) == message)
    }

    @Test func resetRejectsFields() {
        let edge = TestEdge()
        #expect(edge.controlError("POST", "/_drydock/reset", #"{"hard": true}"#) == "hard: unknown field; /_drydock/reset takes no fields")
        #expect(edge.oauth.counters.resets == 0)
    }

    @Test func garbageNeverCrashes() {
        let edge = TestEdge()
        let garbage: [[UInt8]] = [
            [0xFF, 0xFE, 0x00, 0x7B], Array(repeating: UInt8(ascii: "["), count: 100_000),
            Array(#"{"action": {"type": "status", "status": 5e999999}}"#.utf8), Array("\"\\ud800\"".utf8),
            Array(#"{"rules": [null]}"#.utf8), Array(#"{"action": null}"#.utf8),
        ]
        for body in garbage {
            for path in ["/_drydock/faults", "/_drydock/clock/advance", "/_drydock/reset"] {
                let response = edge.router.respond(to: HTTPRequest(method: "POST", target: path, headers: ["Content-Type": "application/json"], body: body))
                #expect(response.status == 400, "\(path) answered \(response.status): \(response.bodyText)")
                #expect((try? JSONValue.parse(response.body))?["error"]?.stringValue != nil)
            }
        }
        #expect(edge.control("GET", "/_drydock/faults").json == ["rules": []])
    }
}
