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

    public var passed: Bool { failures.isEmpty }
}
