import DrydockYAML

/// A scenario file that cannot be used: which file, where in it, and what was expected there (the shared
/// `DocumentError` of DrydockYAML, with the scenario-only codes below).
public typealias ScenarioError = DocumentError

extension DocumentError.Code {
    public static let badExpectation = DocumentError.Code(name: "bad-expectation")
    public static let duplicateName = DocumentError.Code(name: "duplicate-name")
}
