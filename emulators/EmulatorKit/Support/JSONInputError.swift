/// Control-API input that was not acceptable: where it is (`rules[0].action.status`) and what was wrong
/// (`expected an integer 200-599, got "503"`). The edge answers it as a 400 `{"error": description}`.
public struct JSONInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A JSON path into the request body (`rules[2].header.name`), a query parameter (`since`), or "" for
    /// the body as a whole.
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}
