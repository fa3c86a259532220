import Foundation

/// `drydock validate`'s progress on a terminal: a line per scenario as it finishes (PASS in green, FAIL in
/// red, with its time), and under them one status line, redrawn in place, naming the scenarios still
/// running with the time each has taken so far and the count done. Off a terminal the caller prints
/// `ValidationReport.progressLine` instead: no escape codes in CI logs.
public final class LiveProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> ContinuousClock.Instant
    private let width: Int
    private let total: Int
    private var running: [(name: String, since: ContinuousClock.Instant)] = []
    private var done = 0
    private var stopped = false

    /// - Parameters:
    ///   - total: how many scenarios will run (for `[done/total]`).
    ///   - width: the terminal's columns; the status line is cut to fit (a wrapped line cannot be redrawn).
    ///   - write: where the text goes (stdout on a terminal).
    public init(
        total: Int, width: Int, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        write: @escaping @Sendable (String) -> Void
    ) {
        self.total = total
        self.width = max(20, width)
        self.now = now
        self.write = write
    }

    /// The terminal's width in columns (80 when it cannot be asked).
    public static func terminalWidth(fd: Int32 = STDOUT_FILENO) -> Int {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    public func started(_ name: String) {
        lock.withLock {
            running.append((name, now()))
            redraw()
        }
    }

    public func finished(_ result: ScenarioResult) {
        lock.withLock {
            running.removeAll { $0.name == result.name }
            done += 1
            write(Self.clearLine + Self.coloured(result) + "\n")
            redraw()
        }
    }

    /// Redraws the status line every `interval` seconds until `stop()`, so the running times move.
    public func startTicking(interval: Double = 0.25) {
        let thread = Thread { [weak self] in
            while let self, !self.lock.withLock({ self.stopped }) {
                self.lock.withLock { self.redraw() }
                Thread.sleep(forTimeInterval: interval)
            }
        }
        thread.start()
    }

    /// Clears the status line; nothing is drawn afterwards.
    public func stop() {
        lock.withLock {
            stopped = true
            write(Self.clearLine)
        }
    }

    /// `[3/34] running: token-endpoint-hangs 3.2 s, api-401-storm 1.0 s`, cut to the width.
    public func statusLine() -> String {
        lock.withLock { status() }
    }

    private func redraw() {
        guard !stopped else { return }
        write(Self.clearLine + status())
    }

    private func status() -> String {
        let current = now()
        let names = running.map { entry -> String in
            let elapsed = current - entry.since
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return "\(entry.name) \(String(format: "%.1f", seconds)) s"
        }
        let line = "[\(done)/\(total)] " + (names.isEmpty ? "" : "running: " + names.joined(separator: ", "))
        return line.count < width ? line : String(line.prefix(width - 2)) + "…"
    }

    static let clearLine = "\r\u{1B}[2K"

    static func coloured(_ result: ScenarioResult) -> String {
        let line = ValidationReport.progressLine(result)
        let colour = result.skipped != nil ? "\u{1B}[33m" : result.passed ? "\u{1B}[32m" : "\u{1B}[31m"
        return colour + line + "\u{1B}[0m"
    }
}
