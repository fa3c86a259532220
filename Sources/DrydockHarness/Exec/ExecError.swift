import DrydockCore

/// A `drydock exec` run that could not get as far as the child's exit: the message and the status
/// Drydock exits with (64 usage, 78 configuration, 126/127 the command could not be started, 70
/// internal).
public struct ExecError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let status: Int32

    public init(_ message: String, status: Int32) {
        self.message = message
        self.status = status
    }

    public var description: String { message }

    static func configuration(_ message: String) -> ExecError { ExecError(message, status: ExitStatus.configuration.rawValue) }
    static func usage(_ message: String) -> ExecError { ExecError(message, status: ExitStatus.usage.rawValue) }
}
