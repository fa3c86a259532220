import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
@testable import GmailEmulator
import GoogleOAuthEmulator
import Testing

@Suite struct GmailFaultTests {
    @Test func status403IsThePerUserQuotaError() throws {
        let harness = try GmailTestHarness()
        let request = HTTPRequest(method: "GET", target: "/gmail/v1/users/me/messages", headers: ["Authorization": "Bearer " + (try harness.token())])
        let response = harness.gmail.errorResponse(status: 403, for: request)
        #expect(response.status == 403)
        let message = "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'gmail.googleapis.com' for consumer 'project_number:987654321'."
        #expect(try JSONValue.parse(response.body)["error"] == .object([
            ("code", 403), ("message", .string(message)),
            ("errors", [.object([("message", .string(message)), ("domain", "usageLimits"), ("reason", "rateLimitExceeded")])]),
            ("status", "PERMISSION_DENIED"),
        ]))
    }

    @Test func status429IsResourceExhausted() throws {
        let harness = try GmailTestHarness()
        let response = harness.gmail.errorResponse(status: 429, for: HTTPRequest(method: "GET", target: "/gmail/v1/users/me/messages?prettyPrint=false"))
        #expect(response.bodyText == #"{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","errors":[{"message":"Resource has been exhausted (e.g. check quota).","domain":"global","reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}"#)
    }

    @Test func userRateLimitBodiesForFaultRules() throws {
        let body = GmailFaults.userRateLimitExceeded(retryAfter: Date(timeIntervalSince1970: 1_800_000_060.247))
        let error = try #require(try JSONValue.parse(body)["error"])
        #expect(error["code"] == 429)
        #expect(error["message"] == "User-rate limit exceeded.  Retry after 2027-01-15T08:01:00.247Z")
        #expect(error["errors"]?.arrayValue?.first?["reason"] == "rateLimitExceeded")
        #expect(try JSONValue.parse(GmailFaults.legacyUserRateLimitExceeded)["error"]?["errors"] == [
            ["message": "User Rate Limit Exceeded", "domain": "usageLimits", "reason": "userRateLimitExceeded"],
        ])
    }

    @Test func faultRulesMatchGmailOperations() throws {
        let harness = try GmailTestHarness()
        let router = EdgeRouter(emulators: [GoogleOAuthEmulator(authority: harness.authority), harness.gmail], clock: harness.clock)
        try router.addFaultRule(FaultRule(service: "gmail", operation: "users.messages.*", action: .status(429, retryAfter: 3)))
        let token = try harness.token()
        let list = router.respond(to: HTTPRequest(method: "GET", target: "/gmail/v1/users/me/messages", headers: ["Authorization": "Bearer " + token]))
        #expect(list.status == 429)
        #expect(list.headers["Retry-After"] == "3")
        #expect(try JSONValue.parse(list.body)["error"]?["status"] == "RESOURCE_EXHAUSTED")
        let profile = router.respond(to: HTTPRequest(method: "GET", target: "/gmail/v1/users/me/profile", headers: ["Authorization": "Bearer " + token]))
        #expect(profile.status == 200)
        #expect(throws: (any Error).self) { try router.addFaultRule(FaultRule(service: "gmail", operation: "users.mesages.list", action: .status(500))) }
    }
}
