import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import Testing

@Suite struct ConcurrencyTests {
    @Test func manyThreadsSeeConsistentCounts() throws {
        let edge = TestEdge()
        edge.addRule(#"""
            {"rules": [{"service": "oauth", "times": 100, "action": {"type": "status", "status": 503}},
            {"service": "gmail", "every": 4, "action": {"type": "latency", "ms": 1}}]}
            """#)
        let statuses = Recorder<Int>()
        let threads = 8, perThread = 250
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for index in 0..<perThread {
                let target = index % 2 == 0 ? "/token" : "/gmail/v1/users.messages.list"
                statuses.append(edge.router.respond(to: HTTPRequest(method: "POST", target: target)).status)
                if index % 50 == 0 { _ = edge.router.respond(to: HTTPRequest(method: "GET", target: "/_drydock/faults")) }
            }
        }
        let total = threads * perThread
        #expect(statuses.all.count == total)
        #expect(statuses.all.filter { $0 == 503 }.count == 100)
        #expect(edge.oauth.counters.handled == total / 2 - 100)
        #expect(edge.gmail.counters.handled == total / 2)
        #expect(edge.sleeps.all.count == total / 2 / 4)
        let entries = edge.router.journal.entries()
        #expect(entries.count == total)
        #expect(Set(entries.map(\.sequence)) == Set(1...total))
        let rules = edge.router.faultRules
        #expect(rules.map(\.fired) == [100, total / 2 / 4])
        #expect(rules[0].remaining == 0)
        // Every routed request, every control request, and the rule post.
        #expect(edge.logs.all.count == total + threads * (perThread / 50) + 1)
    }
}
