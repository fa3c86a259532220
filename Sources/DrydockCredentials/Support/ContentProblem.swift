/// What is wrong with a file's or response's contents, as a phrase that follows its name:
/// `has no "access_token" with a non-empty string value`. Never quotes secret values.
struct ContentProblem: Error, Equatable {
    let text: String
    init(_ text: String) { self.text = text }
}
