import DrydockCore
import DrydockJobs
import Foundation

/// `drydock report`: reads the sources, reconciles, and writes the workbook — all of it, or (with
/// `allowPartial`) a workbook that says on its first sheet which source is missing; otherwise nothing.
public struct ReportJob {
    public struct Options: Sendable {
        public var month: BookingSearch.Month
        public var spreadsheetID: String
        public var file: ReportFile
        public var allowPartial = false
        /// The company shown in the title and the document properties.
        public var company: String
        /// The run's clock.
        public var now: Date

        public init(month: BookingSearch.Month, spreadsheetID: String, file: ReportFile, allowPartial: Bool = false, company: String, now: Date) {
            self.month = month
            self.spreadsheetID = spreadsheetID
            self.file = file
            self.allowPartial = allowPartial
            self.company = company
            self.now = now
        }
    }

    /// What a run produced.
    public struct Outcome: Sendable {
        public let document: ReportDocument
        /// `.success`, or `.partial` when a partial workbook was written.
        public let exitStatus: ExitStatus
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    /// The document for what was read.
    public static func document(_ inputs: ReportSources.Inputs, month: BookingSearch.Month, company: String, now: Date) -> ReportDocument {
        let settings = ReconciliationSettings(ownDomain: inputs.ownDomain)
        let reconciliation = Reconciliation(
            mail: inputs.mail, sheet: inputs.sheet?.rows, dispatch: inputs.dispatch, superseded: inputs.superseded,
            dispatchComplete: inputs.dispatchComplete, settings: settings)
        return ReportDocument(
            month: month.description, company: company, generatedAt: now, reconciliation: reconciliation, sources: inputs.sources,
            warnings: inputs.warnings, failures: inputs.failures)
    }

    /// Reconciles `inputs` and writes the workbook; throws `ReportFailure` (nothing written) when a source
    /// failed and partial reports are not allowed.
    public func run(_ inputs: ReportSources.Inputs) throws -> Outcome {
        let document = Self.document(inputs, month: options.month, company: options.company, now: options.now)
        if document.partial && !options.allowPartial {
            throw ReportFailure(failures: document.failures, path: options.file.path)
        }
        try options.file.write { temporary in
            try ReportWorkbook.write(document, to: temporary, temporaryDirectory: options.file.directory)
        }
        return Outcome(document: document, exitStatus: document.partial ? .partial : .success)
    }
}

/// A source failed, so no report was written. The exit status is the first failed source's.
public struct ReportFailure: UserFacingError, Sendable {
    public let failures: [SourceFailure]
    public let path: String

    public var exitStatus: ExitStatus { failures.first?.status ?? .software }

    public var description: String {
        let lines = failures.map { "  \($0.description)" }.joined(separator: "\n")
        return "no report written (\(path) left as it was): \(failures.count) source(s) failed:\n\(lines)\n"
            + "  (--allow-partial writes the report without them, with a banner, and exits 2)"
    }
}
