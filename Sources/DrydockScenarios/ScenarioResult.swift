import Foundation

/// How one scenario went: its verdict, the expectations that failed, and what the failing step printed.
public struct ScenarioResult: Sendable {
    public let name: String
    public let tags: [String]
    public let file: String
    /// Every failed expectation, in order; empty when the scenario passed.
    public var failures: [String]
    public var seconds: Double
    /// The last lines of stdout and stderr of the step that failed (or the last step), secrets redacted.
    public var outputTail: String
    /// The journal's per-operation totals at the end, `service.operation count` lines.
    public var journalExcerpt: String
    /// Why the scenario was not run (nil: it ran), e.g. `--command` and no step takes an external job.
    public var skipped: String? = nil

    public init(
        name: String, tags: [String], file: String, failures: [String], seconds: Double, outputTail: String, journalExcerpt: String,
        skipped: String? = nil
    ) {
        self.name = name
        self.tags = tags
        self.file = file
        self.failures = failures
        self.seconds = seconds
        self.outputTail = outputTail
        self.journalExcerpt = journalExcerpt
        self.skipped = skipped
    }

    /// No expectation failed (a skipped scenario has none).
    public var passed: Bool { failures.isEmpty }
}
