import DrydockCredentials
import DrydockHTTP
import Foundation
import Testing

/// A secret value and what to call it in a failure message (never the value itself: test output is
/// scanned for secrets too).
struct Secret: Sendable {
    let label: String
    let value: String
}

/// Every secret a test knows of, checked against text that must not contain any.
struct KnownSecrets: Sendable {
    private(set) var all: [Secret]

    init(_ secrets: [Secret] = []) { all = secrets }

    mutating func add(_ label: String, _ value: String?) {
        guard let value, !value.isEmpty, !all.contains(where: { $0.value == value }) else { return }
        all.append(Secret(label: label, value: value))
    }

    mutating func add(_ secrets: [Secret]) {
        for secret in secrets { add(secret.label, secret.value) }
    }

    /// The labels of the secrets `text` contains, as written or percent-encoded (as a form body would).
    func leaks(in text: String) -> [String] {
        all.filter { secret in
            text.contains(secret.value) || text.contains(PercentEncoding.encode(secret.value))
        }.map(\.label)
    }

    /// Records an issue for each secret `text` contains.
    func expectAbsent(from text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = leaks(in: text)
        #expect(found.isEmpty, "\(what) contains \(found.joined(separator: ", "))", sourceLocation: sourceLocation)
    }
}
