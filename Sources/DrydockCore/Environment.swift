import Foundation

/// Environment variables, injected as a value so no component reads the process environment directly.
public struct Environment: Sendable {
    public var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }

    /// The environment this process was started with.
    public static var process: Environment { Environment(ProcessInfo.processInfo.environment) }

    /// The value of `name`, or nil when it is unset or empty.
    public subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }
}
