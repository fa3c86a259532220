import DrydockCore
import Foundation

/// Everything the workbook and `--json` show: the reconciliation, what was read, what failed.
public struct ReportDocument: Sendable {
    /// `2026-09`.
    public var month: String
    public var company: String
    /// The run's clock: the Summary's "generated at" and the file's creation date.
    public var generatedAt: Date
    public var reconciliation: Reconciliation
    /// What was read, in order: (source, item, value).
    public var sources: [SourceLine]
    /// Unparseable confirmations and other notes from the sources.
    public var warnings: [String]
    /// Sources that could not be read (a partial report lists them and shows a banner).
    public var failures: [SourceFailure]
    public var version: String

    public init(month: String, company: String, generatedAt: Date, reconciliation: Reconciliation, sources: [SourceLine] = [],
                warnings: [String] = [], failures: [SourceFailure] = [], version: String = ReportDocument.drydockVersion) {
        self.month = month
        self.company = company
        self.generatedAt = generatedAt
        self.reconciliation = reconciliation
        self.sources = sources
        self.warnings = warnings
        self.failures = failures
        self.version = version
    }

    /// Shown on the Sources sheet (report layout version 1).
    public static let drydockVersion = "drydock report 1"

    public var partial: Bool { !failures.isEmpty }

    /// Currencies present, in order (alphabetical, so output does not depend on input order).
    public var currencies: [String] { Array(Set(reconciliation.lines.map(\.currency))).sorted() }
}

/// One line of the Sources sheet.
public struct SourceLine: Sendable, Equatable {
    public let source: String
    public let item: String
    public let value: String
    public init(_ source: String, _ item: String, _ value: String) {
        self.source = source
        self.item = item
        self.value = value
    }
}

/// A source that could not be read: which, why (the underlying error's own message), how to fix it, and
/// the exit status that error maps to.
public struct SourceFailure: Sendable, Equatable, CustomStringConvertible {
    public let source: String
    public let message: String
    public let fix: String
    public let status: ExitStatus

    public init(source: String, message: String, fix: String, status: ExitStatus) {
        self.source = source
        self.message = message
        self.fix = fix
        self.status = status
    }

    public var description: String { "\(source) failed: \(message)" + (fix.isEmpty ? "" : " — \(fix)") }
}
