import DrydockCore
import DrydockFixtures
import DrydockHarness
import DrydockHTTP
import EmulatorKit
import Emulators
import Foundation
import Testing

@Suite("RunSummary")
struct RunSummaryTests {
    @Test("how the child ended, requests per service and operation, tokens, faults, blocked egress, expectations")
    func lines() throws {
        let router = try EmulatorSuite.makeRouter(fixturesDirectory: DrydockFixtures.defaultDirectory)
        try router.addFaultRule(FaultRule(json: JSONValue.parse(#"{"service": "oauth", "times": 2, "action": {"type": "status", "status": 503}}"#)))
        for _ in 0..<3 { _ = router.respond(to: HTTPRequest(method: "POST", target: "/token")) }
        let totals: [Journal.OperationKey: Int] = [
            .init(service: "oauth", operation: "token"): 3, .init(service: "gmail", operation: "users.messages.list"): 2,
            .init(service: "egress", operation: "blocked"): 3,
        ]
        let summary = RunSummary(
            command: "python3", exit: .exited(0), seconds: 1.234, totals: totals,
            faults: router.faultRules,
            blockedHosts: [(host: "api.stripe.com", count: 2), (host: "example.org", count: 1)],
            outcomes: [try Expectation.parse("oauth.token == 1").evaluate(totals), try Expectation.parse("gmail.* > 0").evaluate(totals)])
        #expect(summary.lines == [
            "drydock exec: python3 exited with status 0 after 1.23 s",
            "  requests: 8",
            "    egress.blocked             3",
            "    gmail.users.messages.list  2",
            "    oauth.token                3",
            "  token requests: 3",
            "  faults applied: 2 (r1 status ×2)",
            "  blocked egress: 3 (api.stripe.com ×2, example.org)",
            "  expect oauth.token == 1: FAILED (counted 3)",
            "  expect gmail.* > 0: ok (counted 2)",
        ])
        #expect(summary.failureLines == ["drydock exec: expectation failed: oauth.token == 1, counted 3 (oauth.token 3)"])
    }

    @Test("death by signal, and an expectation nothing matched")
    func signalAndNoMatch() throws {
        let summary = RunSummary(
            command: "sh", exit: .signaled(SIGTERM), seconds: 0, totals: [:], faults: [], blockedHosts: [],
            outcomes: [try Expectation.parse("gmail.* >= 1").evaluate([:])])
        #expect(summary.lines.first == "drydock exec: sh killed by signal 15 (SIGTERM) after 0.00 s")
        #expect(summary.lines.contains("  blocked egress: 0"))
        #expect(summary.failureLines == ["drydock exec: expectation failed: gmail.* >= 1, counted 0 (no request matched)"])
    }

    @Test("waitpid statuses decode to exit codes and signals, and to a shell's $?")
    func childExit() {
        #expect(ChildExit(waitStatus: 3 << 8) == .exited(3))
        #expect(ChildExit(waitStatus: 0) == .exited(0))
        #expect(ChildExit(waitStatus: SIGTERM) == .signaled(SIGTERM))
        #expect(ChildExit(waitStatus: SIGKILL | 0x80) == .signaled(SIGKILL), "a core dump flag does not change the signal")
        #expect(ChildExit.signaled(SIGINT).status == 130)
        #expect(ChildExit.exited(3).status == 3)
    }
}
