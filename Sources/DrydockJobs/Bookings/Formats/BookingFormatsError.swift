import DrydockCore
import DrydockYAML

/// A formats file that cannot be used: the file, line and column, the field (`formats[1].fields.guest.regex`)
/// and what is wrong there (exit 78, like the host configuration).
public struct BookingFormatsError: UserFacingError, Sendable, Equatable {
    public let underlying: DocumentError
    public init(_ underlying: DocumentError) { self.underlying = underlying }
    public var code: DocumentError.Code { underlying.code }
    public var exitStatus: ExitStatus { .configuration }
    public var description: String { "formats file: \(underlying.description)" }
}

extension DocumentError.Code {
    /// A regex that does not compile, or is too long.
    public static let badRegex = DocumentError.Code(name: "bad-regex")
    /// A named group that is not a field (`(?<guestName>…)`), or a field regex without its own group.
    public static let unknownGroup = DocumentError.Code(name: "unknown-group")
    /// Two formats with the same name in one file.
    public static let duplicateName = DocumentError.Code(name: "duplicate-name")
}
