import DrydockScenarios
import Foundation
import Synchronization
import Testing

/// The terminal display: finished scenarios as coloured lines above a status line that is redrawn in
/// place (`\r` + erase line) with what is still running and for how long.
@Suite struct LiveProgressTests {
    final class Screen: Sendable {
        let text = Mutex("")
        func write(_ s: String) { text.withLock { $0 += s } }
    }

    final class FakeClock: Sendable {
        let offset = Mutex(Duration.zero)
        let base = ContinuousClock.now
        func now() -> ContinuousClock.Instant { base + offset.withLock { $0 } }
        func advance(_ d: Duration) { offset.withLock { $0 += d } }
    }

    func result(_ name: String, failures: [String] = []) -> ScenarioResult {
        ScenarioResult(name: name, tags: [], file: "f", failures: failures, seconds: 1.5, outputTail: "", journalExcerpt: "")
    }

    @Test func statusNamesRunningScenariosWithTheirTimesAndTheCountDone() {
        let screen = Screen(), clock = FakeClock()
        let progress = LiveProgress(total: 3, width: 120, now: { clock.now() }, write: { screen.write($0) })
        progress.started("alpha")
        clock.advance(.milliseconds(1500))
        progress.started("beta")
        clock.advance(.milliseconds(200))
        #expect(progress.statusLine() == "[0/3] running: alpha 1.7 s, beta 0.2 s")
        progress.finished(result("alpha"))
        #expect(progress.statusLine() == "[1/3] running: beta 0.2 s")
        progress.finished(result("beta", failures: ["exit: expected 0, got 1"]))
        progress.stop()
        let text = screen.text.withLock { $0 }
        #expect(text.contains("\r\u{1B}[2K\u{1B}[32malpha PASS 1.500 s\u{1B}[0m\n"))
        #expect(text.contains("\r\u{1B}[2K\u{1B}[31mbeta FAIL 1.500 s: exit: expected 0, got 1\u{1B}[0m\n"))
        #expect(text.hasSuffix("\r\u{1B}[2K"), "the status line is cleared at the end")
    }

    @Test func theStatusLineIsCutToTheTerminalWidth() {
        let clock = FakeClock()
        let progress = LiveProgress(total: 40, width: 30, now: { clock.now() }, write: { _ in })
        for name in ["token-endpoint-hangs", "api-401-storm", "sheets-503"] { progress.started(name) }
        let line = progress.statusLine()
        #expect(line.count == 29 && line.hasSuffix("…") && line.hasPrefix("[0/40] running: token-endpoi"))
    }
}
