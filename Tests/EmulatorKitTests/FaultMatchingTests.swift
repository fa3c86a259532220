import DrydockCore
import DrydockHTTP
import EmulatorKit
import Testing

@Suite struct FaultMatchingTests {
    /// Whether the 503 rule `criteria` fires on a request.
    func fires(_ criteria: String, _ method: String, _ target: String, headers: HTTPHeaders = [:]) -> Bool {
        let edge = TestEdge()
        edge.addRule(#"{\#(criteria), "action": {"type": "status", "status": 503}}"#)
        return edge.send(method, target, headers: headers).status == 503
    }

    @Test func matchesByService() {
        #expect(fires(#""service": "gmail""#, "GET", "/gmail/v1/x"))
        #expect(!fires(#""service": "gmail""#, "POST", "/token"))
    }

    @Test func matchesByOperationExactlyOrByGlob() {
        #expect(fires(#""operation": "users.messages.list""#, "GET", "/gmail/v1/users.messages.list"))
        #expect(!fires(#""operation": "users.messages.list""#, "GET", "/gmail/v1/users.messages.get"))
        #expect(fires(#""operation": "users.messages.*""#, "GET", "/gmail/v1/users.messages.get"))
        #expect(fires(#""operation": "token""#, "POST", "/token"))
    }

    @Test func matchesByMethodCaseInsensitively() {
        #expect(fires(#""method": "post""#, "POST", "/token"))
        #expect(!fires(#""method": "GET""#, "POST", "/token"))
    }

    @Test func matchesByPathGlobOnTheDecodedPathWithoutTheQuery() {
        #expect(fires(#""path": "/token*""#, "POST", "/token?grant_type=x"))
        #expect(fires(#""path": "/gmail/*/users/me@example.com/messages""#, "GET", "/gmail/v1/users/me%40example.com/messages"))
        #expect(fires(#""path": "/gmail/v?/x""#, "GET", "/gmail/v1/x"))
        #expect(!fires(#""path": "/gmail/v?/x""#, "GET", "/gmail/v10/x"))
        #expect(!fires(#""path": "/token""#, "POST", "/token/extra"))
    }

    @Test func matchesByHeaderPresenceOrValue() {
        #expect(fires(#""header": "X-Debug""#, "POST", "/token", headers: ["x-debug": "1"]))
        #expect(!fires(#""header": "X-Debug""#, "POST", "/token"))
        let bearer = #""header": {"name": "Authorization", "value": "Bearer ya29.*"}"#
        #expect(fires(bearer, "GET", "/gmail/x", headers: ["Authorization": "Bearer ya29.abc"]))
        #expect(!fires(bearer, "GET", "/gmail/x", headers: ["Authorization": "Bearer other"]))
    }

    @Test func allCriteriaMustHold() {
        let criteria = #""service": "gmail", "method": "GET", "path": "/gmail/*", "header": "X-Debug""#
        #expect(fires(criteria, "GET", "/gmail/x", headers: ["X-Debug": "1"]))
        #expect(!fires(criteria, "POST", "/gmail/x", headers: ["X-Debug": "1"]))
        #expect(!fires(criteria, "GET", "/gmail/x"))
    }

    @Test func theFirstRuleThatFiresWinsAndANotYetDueRuleLetsLaterOnesTry() {
        let edge = TestEdge()
        edge.addRule(#"""
            {"rules": [
            {"nth": 2, "action": {"type": "status", "status": 500}},
            {"action": {"type": "status", "status": 503}},
            {"action": {"type": "status", "status": 504}}]}
            """#)
        #expect(edge.tokenStatuses(3) == [503, 500, 500])
        #expect(edge.journal.map { $0["fault"]?["rule"] } == ["r2", "r1", "r1"])
    }

    @Test func nthFiresFromTheNthMatchingRequestOn() {
        let edge = TestEdge()
        edge.addRule(#"{"service": "oauth", "nth": 3, "action": {"type": "status", "status": 503}}"#)
        edge.send("GET", "/gmail/x")  // not a matching request: does not count
        #expect(edge.tokenStatuses(5) == [200, 200, 503, 503, 503])
    }

    @Test func everyFiresOnEveryNthMatchingRequest() {
        let alone = TestEdge()
        alone.addRule(#"{"every": 2, "action": {"type": "status", "status": 503}}"#)
        #expect(alone.tokenStatuses(6) == [200, 503, 200, 503, 200, 503])
        let offset = TestEdge()
        offset.addRule(#"{"nth": 2, "every": 3, "action": {"type": "status", "status": 503}}"#)
        #expect(offset.tokenStatuses(8) == [200, 503, 200, 200, 503, 200, 200, 503])
    }

    @Test func timesLimitsHowOftenARuleFires() throws {
        let edge = TestEdge()
        edge.addRule(#"{"times": 2, "action": {"type": "status", "status": 503}}"#)
        #expect(edge.tokenStatuses(4) == [503, 503, 200, 200])
        let rule = try #require(edge.control("GET", "/_drydock/faults").json["rules"]?.arrayValue?.first)
        #expect(rule["remaining"] == 0)
        #expect(rule["fired"] == 2)
    }

    @Test func probabilityIsReproducibleForTheSameSeed() {
        func sequence(seed: UInt64, rule: String = #"{"probability": 0.3, "action": {"type": "status", "status": 503}}"#) -> [Int] {
            let edge = TestEdge(seed: seed)
            edge.addRule(rule)
            return edge.tokenStatuses(64)
        }
        #expect(sequence(seed: 1) == sequence(seed: 1))
        #expect(sequence(seed: 1) != sequence(seed: 2))
        let seeded = #"{"probability": 0.3, "seed": 99, "action": {"type": "status", "status": 503}}"#
        #expect(sequence(seed: 1, rule: seeded) == sequence(seed: 2, rule: seeded))
    }

    @Test func probabilityOneHalfFiresAboutHalfTheTime() {
        let edge = TestEdge(seed: 12345)
        edge.addRule(#"{"probability": 0.5, "action": {"type": "status", "status": 503}}"#)
        let fired = edge.tokenStatuses(1000).filter { $0 == 503 }.count
        #expect((430...570).contains(fired), "fired \(fired) of 1000")
    }

    @Test func probabilityZeroNeverFiresAndOneAlwaysFires() {
        let edge = TestEdge()
        edge.addRule(#"""
            {"rules": [{"probability": 0, "action": {"type": "status", "status": 500}},
            {"probability": 1.0, "action": {"type": "status", "status": 503}}]}
            """#)
        #expect(Set(edge.tokenStatuses(50)) == [503])
    }

    @Test func aTimeWindowOnTheVirtualClock() {
        let edge = TestEdge()
        edge.addRule(#"{"after": 10, "until": 20, "action": {"type": "status", "status": 503}}"#)
        #expect(edge.send("POST", "/token").status == 200)
        #expect(edge.control("POST", "/_drydock/clock/advance", #"{"seconds": 10}"#).status == 200)
        #expect(edge.send("POST", "/token").status == 503)
        edge.baseClock.advance(seconds: 9.5)
        #expect(edge.send("POST", "/token").status == 503)
        edge.control("POST", "/_drydock/clock/advance", #"{"seconds": 0.5}"#)
        #expect(edge.send("POST", "/token").status == 200)
    }

    @Test func controlRequestsAreNeverFaulted() {
        let edge = TestEdge()
        edge.addRule(#"{"path": "*", "action": {"type": "status", "status": 503}}"#)
        #expect(edge.control("GET", "/_drydock/health").status == 200)
        #expect(edge.send("POST", "/token").status == 503)
    }
}
