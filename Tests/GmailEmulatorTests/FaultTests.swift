import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
@testable import GmailEmulator
import GoogleOAuthEmulator
import Testing

@Suite struct GmailFaultTests {
    static let quotaMessage = "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'gmail.googleapis.com' for consumer 'project_number:987654321'."
    static let resourceExhausted = #"{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","errors":[{"message":"Resource has been exhausted (e.g. check quota).","domain":"global","reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}"#

    static func authorized(_ harness: GmailTestHarness) throws -> HTTPRequest {
        HTTPRequest(method: "GET", target: "/gmail/v1/users/me/messages", headers: ["Authorization": "Bearer " + (try harness.token())])
    }

    @Test(arguments: [nil, "rateLimitExceeded"] as [String?])
    func status403IsThePerUserQuotaError(reason: String?) throws {
        let harness = try GmailTestHarness()
        let response = harness.gmail.errorResponse(status: 403, reason: reason, for: try Self.authorized(harness))
        #expect(response.status == 403)
        #expect(try JSONValue.parse(response.body)["error"] == .object([
            ("code", 403), ("message", .string(Self.quotaMessage)),
            ("errors", [.object([("message", .string(Self.quotaMessage)), ("domain", "usageLimits"), ("reason", "rateLimitExceeded")])]),
            ("status", "PERMISSION_DENIED"),
        ]))
        #expect(response.body == harness.gmail.errorResponse(status: 403, for: try Self.authorized(harness)).body)
    }

    @Test func status403UserRateLimitExceededIsTheLegacyBody() throws {
        let harness = try GmailTestHarness()
        let response = harness.gmail.errorResponse(
            status: 403, reason: "userRateLimitExceeded",
            for: HTTPRequest(method: "GET", target: "/gmail/v1/users/me/messages?prettyPrint=false"))
        #expect(response.status == 403)
        #expect(response.bodyText == #"{"error":{"code":403,"message":"User Rate Limit Exceeded","errors":[{"message":"User Rate Limit Exceeded","domain":"usageLimits","reason":"userRateLimitExceeded"}],"status":"PERMISSION_DENIED"}}"#)
    }

    @Test(arguments: [nil, "rateLimitExceeded"] as [String?])
    func status429IsResourceExhausted(reason: String?) throws {
        let harness = try GmailTestHarness()
        let response = harness.gmail.errorResponse(status: 429, reason: reason, for: HTTPRequest(method: "GET", target: "/gmail/v1/users/me/messages?prettyPrint=false"))
        #expect(response.bodyText == Self.resourceExhausted)
    }

    @Test func status429UserRateLimitExceededNamesARetryTimeInVirtualTime() throws {
        let harness = try GmailTestHarness()
        let request = HTTPRequest(method: "GET", target: "/gmail/v1/users/me/messages/send")
        let message = "User-rate limit exceeded.  Retry after 2027-01-15T08:15:00.000Z"
        let response = harness.gmail.errorResponse(status: 429, reason: "userRateLimitExceeded", for: request)
        #expect(response.status == 429)
        #expect(try JSONValue.parse(response.body)["error"] == .object([
            ("code", 429), ("message", .string(message)),
            ("errors", [.object([("message", .string(message)), ("domain", "global"), ("reason", "rateLimitExceeded")])]),
            ("status", "RESOURCE_EXHAUSTED"),
        ]))
        harness.clock.advance(seconds: 3600)
        let later = try JSONValue.parse(harness.gmail.errorResponse(status: 429, reason: "userRateLimitExceeded", for: request).body)
        #expect(later["error"]?["message"] == "User-rate limit exceeded.  Retry after 2027-01-15T09:15:00.000Z")
    }

    @Test(arguments: [(403, "dailyLimitExceeded", "PERMISSION_DENIED"), (429, "quotaExceeded", "RESOURCE_EXHAUSTED"),
                      (503, "backendError", "UNAVAILABLE"), (500, "userRateLimitExceeded", "INTERNAL")])
    func otherReasonsAreTheCanonicalBodyWithThatReason(status: Int, reason: String, canonicalStatus: String) throws {
        let harness = try GmailTestHarness()
        let request = HTTPRequest(method: "GET", target: "/gmail/v1/users/me/messages")
        var expected = GoogleAPIError.canonical(status: status)
        expected.errors[0].reason = reason
        let error = try #require(try JSONValue.parse(harness.gmail.errorResponse(status: status, reason: reason, for: request).body)["error"])
        #expect(error == expected.body["error"])
        #expect(error["status"]?.stringValue == canonicalStatus)
        #expect(error["errors"]?.arrayValue?.first?["reason"]?.stringValue == reason)
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

    @Test func aFaultRulesReasonReachesGmail() throws {
        let harness = try GmailTestHarness()
        let router = EdgeRouter(emulators: [GoogleOAuthEmulator(authority: harness.authority), harness.gmail], clock: harness.clock)
        let posted = router.respond(to: HTTPRequest(method: "POST", target: "/_drydock/faults", headers: ["Content-Type": "application/json"], body: Array(#"""
            {"service": "gmail", "action": {"type": "status", "status": 403, "reason": "userRateLimitExceeded", "retryAfter": 5}}
            """#.utf8)))
        #expect(posted.status == 201)
        let response = router.respond(to: try Self.authorized(harness))
        #expect(response.status == 403)
        #expect(response.headers["Retry-After"] == "5")
        #expect(try JSONValue.parse(response.body)["error"]?["errors"] == [
            ["message": "User Rate Limit Exceeded", "domain": "usageLimits", "reason": "userRateLimitExceeded"],
        ])
    }
}
