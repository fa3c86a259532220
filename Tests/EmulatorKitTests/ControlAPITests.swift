import DrydockCore
import DrydockHTTP
import EmulatorKit
import Testing

@Suite struct ControlAPITests {
    @Test func healthListsTheServices() {
        let edge = TestEdge()
        let (status, json) = edge.control("GET", "/_drydock/health")
        #expect(status == 200)
        #expect(json == ["status": "ok", "services": ["oauth", "gmail"]])
    }

    @Test func postingOneRuleAnswers201WithTheStoredRule() {
        let edge = TestEdge()
        let rule = edge.addRule(#"""
            {"service": "oauth", "operation": "token", "method": "post", "path": "/token*", "nth": 1, "times": 3,
             "probability": 1.0, "action": {"type": "status", "status": 503, "retryAfter": 2}}
            """#)
        #expect(rule == [
            "id": "r1", "service": "oauth", "operation": "token", "method": "POST", "path": "/token*", "nth": 1,
            "times": 3, "probability": 1, "action": ["type": "status", "status": 503, "retryAfter": 2],
            "remaining": 3, "matched": 0, "fired": 0, "addedAt": "2027-01-15T08:00:00Z",
        ])
    }

    @Test func postingABatchStoresEveryRuleWithIdsInOrder() {
        let edge = TestEdge()
        let body = edge.addRule(#"""
            {"rules": [{"action": {"type": "hang"}}, {"id": "slow", "action": {"type": "latency", "ms": 10}},
                       {"action": {"type": "reset"}}]}
            """#)
        #expect(body["rules"]?.arrayValue?.map { $0["id"] } == ["r1", "slow", "r3"])
        let listed = edge.control("GET", "/_drydock/faults").json["rules"]?.arrayValue
        #expect(listed?.map { $0["id"] } == ["r1", "slow", "r3"])
        #expect(listed?.first?["remaining"] == .null)
    }

    @Test func rulesCanBeReadAndDeletedById() {
        let edge = TestEdge()
        edge.addRule(#"{"rules": [{"action": {"type": "hang"}}, {"id": "two", "action": {"type": "reset"}}]}"#)
        #expect(edge.control("GET", "/_drydock/faults/two").json["action"] == ["type": "reset"])
        #expect(edge.control("DELETE", "/_drydock/faults/two") == (200, ["deleted": 1]))
        #expect(edge.controlError("DELETE", "/_drydock/faults/two", status: 404) == #"no fault rule with id "two""#)
        #expect(edge.controlError("GET", "/_drydock/faults/two", status: 404).contains("two"))
        #expect(edge.control("GET", "/_drydock/faults").json["rules"]?.arrayValue?.map { $0["id"] } == ["r1"])
    }

    @Test func deletingAllRulesStopsEveryFaultAndIdsKeepCounting() {
        let edge = TestEdge()
        edge.addRule(#"{"rules": [{"action": {"type": "hang"}}, {"action": {"type": "reset"}}]}"#)
        #expect(edge.control("DELETE", "/_drydock/faults") == (200, ["deleted": 2]))
        #expect(edge.send("POST", "/token").status == 200)
        #expect(edge.addRule(#"{"action": {"type": "hang"}}"#)["id"] == "r3")
    }

    @Test func theClockAdvancesAndReportsItsOffset() {
        let edge = TestEdge()
        #expect(edge.control("GET", "/_drydock/clock") == (200, ["now": "2027-01-15T08:00:00Z", "advancedSeconds": 0]))
        #expect(edge.control("POST", "/_drydock/clock/advance", #"{"seconds": 3600}"#)
                == (200, ["now": "2027-01-15T09:00:00Z", "advancedSeconds": 3600]))
        #expect(edge.control("POST", "/_drydock/clock/advance", #"{"seconds": 1.5}"#).json["advancedSeconds"] == .number(3601.5))
        #expect(edge.router.clock.advancedSeconds == 3601.5)
    }

    @Test func resetRestoresEverything() {
        let edge = TestEdge()
        edge.addRule(#"{"times": 1, "action": {"type": "status", "status": 503}}"#)
        edge.send("POST", "/token")
        edge.control("POST", "/_drydock/clock/advance", #"{"seconds": 60}"#)
        #expect(edge.control("POST", "/_drydock/reset") == (200, ["status": "reset"]))
        #expect(edge.oauth.counters.resets == 1)
        #expect(edge.gmail.counters.resets == 1)
        #expect(edge.control("GET", "/_drydock/faults").json == ["rules": []])
        #expect(edge.journal.isEmpty)
        #expect(edge.router.clock.advancedSeconds == 0)
        #expect(edge.addRule(#"{"action": {"type": "hang"}}"#)["id"] == "r1")
        #expect(edge.control("POST", "/_drydock/reset", "{}").status == 200)
    }

    @Test func controlRequestsAreNotJournaled() {
        let edge = TestEdge()
        edge.control("GET", "/_drydock/health")
        edge.control("GET", "/_drydock/faults")
        #expect(edge.journal.isEmpty)
    }

    @Test func trailingSlashesAreIgnored() {
        let edge = TestEdge()
        #expect(edge.control("GET", "/_drydock/health/").status == 200)
    }

    @Test func unknownEndpointsAre404AndWrongMethods405WithAllow() {
        let edge = TestEdge()
        #expect(edge.controlError("GET", "/_drydock/nope", status: 404).contains("/_drydock/faults"))
        #expect(edge.controlError("GET", "/_drydock", status: 404).contains("no control endpoint"))
        #expect(edge.controlError("GET", "/_drydock/clock/rewind", status: 404).contains("no control endpoint"))
        let response = edge.send("DELETE", "/_drydock/health")
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "GET")
        #expect(edge.controlError("PUT", "/_drydock/faults", status: 405) == "PUT is not allowed on /_drydock/faults; use GET or POST or DELETE")
    }
}
