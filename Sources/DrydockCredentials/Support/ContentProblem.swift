/// What is wrong with a file's or response's contents, as a phrase that follows its name:
/// `has no "access_token" with a non-empty string value`. Never quotes secret values.
public struct ContentProblem: Error, Equatable, Sendable {
    public let text: String
    public init(_ text: String) { self.text = text }
}
