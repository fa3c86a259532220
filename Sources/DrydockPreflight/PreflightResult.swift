import DrydockCore

/// One line of the preflight report: what was checked, the result, the evidence, and how to fix it.
public struct PreflightResult: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case pass, warn, fail, skipped
    }

    /// The check's group (`secrets`, `dynamodb`, …: what `--only` selects).
    public let check: String
    /// This line's subject within the group (`refresh token`, `us-west-2/crew-dispatch`).
    public let subject: String
    public let status: Status
    /// What was seen (never a secret value); for `skipped`, the reason.
    public let evidence: String
    /// What to do about a warning or failure; empty for pass and skipped.
    public let fix: String

    public init(_ check: String, _ subject: String, _ status: Status, _ evidence: String, fix: String = "") {
        self.check = check
        self.subject = subject
        self.status = status
        self.evidence = evidence
        self.fix = fix
    }

    /// `check: subject`, or the check alone when the subject repeats it.
    public var name: String { subject.isEmpty || subject == check ? check : "\(check): \(subject)" }

    var json: JSONValue {
        .object([("check", .string(check)), ("subject", .string(subject)), ("status", .string(status.rawValue)),
                 ("evidence", .string(evidence)), ("fix", .string(fix))])
    }
}
