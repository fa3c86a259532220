import DrydockCore
import DrydockYAML

/// The host configuration cannot be used: the file, line and key, and what was expected (exit 78).
public struct HostConfigurationError: UserFacingError, Sendable, Equatable {
    public let underlying: DocumentError
    public init(_ underlying: DocumentError) { self.underlying = underlying }
    public var exitStatus: ExitStatus { .configuration }
    public var description: String { "configuration: \(underlying.description)" }
}
