import EmulatorKit
import Testing

/// `Journal.totals`: every request of a run per service and operation, whatever the journal has trimmed
/// or a reset has cleared (what `drydock exec --expect` counts).
@Suite struct JournalTotalsTests {
    @Test func countsEveryRequestThroughTrimmingAndReset() {
        let edge = TestEdge(journalCapacity: 20)
        for _ in 0..<50 { edge.send("GET", "/gmail/v1/users.messages.list") }
        edge.send("POST", "/token")
        edge.control("POST", "/_drydock/reset")
        edge.send("POST", "/token")
        edge.send("GET", "/elsewhere")
        let totals = edge.router.journal.totals
        #expect(totals[Journal.OperationKey(service: "gmail", operation: "users.messages.list")] == 50)
        #expect(totals[Journal.OperationKey(service: "oauth", operation: "token")] == 2)
        #expect(totals[Journal.OperationKey(service: "edge", operation: "unknown")] == 1)
        #expect(totals.count == 3, "control requests are not counted")
        #expect(edge.router.journal.count == 2, "the entries themselves were cleared by the reset")
    }

    @Test func keysSortAndPrintAsServiceDotOperation() {
        let keys = [Journal.OperationKey(service: "oauth", operation: "token"), .init(service: "gmail", operation: "users.getProfile")]
        #expect(keys.sorted().map(\.description) == ["gmail.users.getProfile", "oauth.token"])
    }
}
