import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import Testing

/// Blocked egress in the journal (service `egress`, operation `blocked`), and the host-routing entries.
@Suite struct EgressJournalTests {
    @Test func aBlockedHostIsJournalledAndFilterableByTheControlAPI() throws {
        let edge = TestEdge()
        edge.router.recordBlockedEgress(host: "example.org", via: "CONNECT", status: 403)
        edge.router.recordBlockedEgress(host: "tracker.example", via: "DNS")
        let entries = try #require(edge.control("GET", "/_drydock/journal?service=egress&operation=blocked").json["requests"]?.arrayValue)
        #expect(entries.count == 2)
        #expect(entries[0]["service"] == "egress")
        #expect(entries[0]["operation"] == "blocked")
        #expect(entries[0]["method"] == "CONNECT")
        #expect(entries[0]["path"] == "example.org")
        #expect(entries[0]["status"] == 403)
        #expect(entries[0]["delivery"] == "normal")
        #expect(entries[1]["path"] == "tracker.example")
        #expect(entries[1]["status"] == .null)
        #expect(entries[1]["delivery"] == "refused")
    }

    @Test func aHostileHostNameIsMadePrintableAndShort() {
        let edge = TestEdge()
        let entry = edge.router.recordBlockedEgress(host: "evil\r\nX: 1\u{0}" + String(repeating: "a", count: 400), via: "DNS\n")
        #expect(entry.path.hasPrefix("evil??X:?1?aaa"))
        #expect(entry.path.count == 253)
        #expect(entry.method == "DNS?")
    }

    @Test func aRequestRoutedToAServiceSkipsClaimsAndTheControlAPI() {
        let edge = TestEdge()
        // Routed by host to gmail: the control API path is just a path gmail does not serve.
        let response = edge.router.respondWithoutWaiting(to: HTTPRequest(method: "GET", target: "/_drydock/journal"), service: "gmail")
        #expect(response.status != 200 || !response.bodyText.contains("requests"))
        #expect(edge.router.journal.entries().map(\.service) == ["gmail"])
        let unknown = edge.router.respondWithoutWaiting(to: HTTPRequest(method: "GET", target: "/x"), service: "nope")
        #expect(unknown.status == 502)
        #expect(edge.router.journal.entries().last?.service == "edge")
    }

    @Test func anAnswerGivenByTheHostTableIsJournalledUnderTheService() throws {
        let edge = TestEdge()
        let answer = HTTPResponse(status: 400, contentType: "text/plain", text: "no")
        let response = edge.router.respond(
            to: HTTPRequest(method: "GET", target: "/gmail/v1/users.getProfile"), withAnswer: answer, service: "gmail")
        #expect(response.status == answer.status && response.body == answer.body)
        #expect(response.headers["Content-Type"] == "text/plain")
        // Every routed answer carries the virtual clock's Date, as the real services' answers do.
        let date = try #require(response.headers["Date"].flatMap(HTTPDate.parse))
        #expect(abs(date.timeIntervalSince(edge.router.clock.now())) < 2)
        let entry = edge.router.journal.entries().last
        #expect(entry?.service == "gmail")
        #expect(entry?.status == 400)
        #expect(entry?.fault == nil)
    }
}
