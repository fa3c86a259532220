import DrydockJobs
import Foundation
import Testing

/// A pattern that backtracks without end (`(a+)+$` on a long run of a's not followed by the end) costs
/// a format its time budget on that message, then stops: the message becomes a warning naming the
/// pattern, and the other formats still run.
@Suite(.timeLimit(.minutes(1))) struct BookingFormatsBacktrackingTests {
    static let formats = """
        version: 1
        formats:
          - name: greedy
            match: {from: sailmarket.example}
            fields:
              bookingId: {regex: '#(?<bookingId>[A-Z]{2}-\\d{4})', in: [subject]}
              charterDate: {labels: [Trip date]}
              guest: {regex: 'Guest: (?<guest>(a+)+$)'}
              partySize: {labels: [Guests]}
              amount: {labels: [Payout total]}
        """

    @Test func aCatastrophicPatternIsStoppedAndReportedAsAWarning() throws {
        let user = try BookingFormatsFile.parse(text: Self.formats, file: "greedy.yaml")
        let formats = BookingFormats.builtIn.extended(with: user)
        // 60 a's then "!": the nested quantifier tries every split of the run (2^60) before failing. (A run
        // of thousands fails fast instead: ICU's backtracking stack overflows.)
        let text = "Trip date: 2026-10-10\nGuest: " + String(repeating: "a", count: 60) + "!\nGuests: 2\nPayout total: USD 100"
        let message = BookingMessage(id: "m1", subject: "Booking Confirmed: #HX-7001", sender: "no-reply@sailmarket.example",
                                     receivedAt: Date(timeIntervalSince1970: 1_788_000_000), plainText: text)
        let (verdict, trials) = formats.evaluate(message, exhaustive: true)
        guard case .incomplete(let nearest) = verdict else { Issue.record("\(verdict)"); return }
        #expect(nearest.format == "greedy")
        #expect(nearest.stoppedPattern == "Guest: (?<guest>(a+)+$)")
        #expect(nearest.warningProblems.last == "format \"greedy\": the regex Guest: (?<guest>(a+)+$) ran out of its time budget on this message and was stopped")
        #expect(nearest.problems == ["has no guest name"])
        // The built-in formats were still tried on the same message, with their own budgets.
        #expect(trials.map(\.format) == ["greedy", "labelled", "cancellation"])
        #expect(trials[1].stoppedPattern == nil)
    }

    @Test func theBudgetStopsAMatchInProgress() throws {
        let regex = try BoundedRegex("(a+)+$")
        let budget = MatchBudget(limit: .milliseconds(50))
        #expect(regex.firstMatch(in: String(repeating: "a", count: 60) + "!", budget: budget) == nil)
        #expect(budget.isExhausted)
        #expect(budget.stoppedPattern == "(a+)+$")
        // An ordinary pattern over an ordinary message spends (almost) nothing.
        let ordinary = MatchBudget()
        let id = try BoundedRegex("#(?<bookingId>[A-Z]{2}-\\d{4})")
        #expect(id.firstMatch(in: String(repeating: "Booking line\n", count: 300) + "#HX-7001", budget: ordinary)?.groups["bookingId"] == "HX-7001")
        #expect(!ordinary.isExhausted)
    }
}
