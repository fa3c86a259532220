import DrydockCore
import Foundation

/// `stdout:` / `stderr:` checks: contains, matches (a regular expression), json (dotted path equals).
enum OutputChecks {
    static func failures(_ checks: [Scenario.OutputCheck], in text: String, stream: String) -> [String] {
        var failures: [String] = []
        for check in checks {
            switch check {
            case .contains(let needle) where !text.contains(needle):
                failures.append("\(stream): expected to contain \"\(needle)\"")
            case .matches(let pattern):
                let regex = try? NSRegularExpression(pattern: pattern)
                if regex?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                    failures.append("\(stream): expected to match /\(pattern)/")
                }
            case .json(let path, let expected):
                guard let document = try? JSONValue.parse(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                    failures.append("\(stream): expected JSON with \(path) = \(expected.serialized()), it is not JSON")
                    continue
                }
                let found = value(at: path, in: document)
                if found.map({ equal($0, expected) }) != true {
                    failures.append("\(stream): expected \(path) = \(expected.serialized()), found \(found?.serialized() ?? "nothing")")
                }
            default: break
            }
        }
        return failures
    }

    /// A top-level key, else a dotted path (`checks.0.name`: array indices are numbers).
    static func value(at path: String, in document: JSONValue) -> JSONValue? {
        if let direct = document[path] { return direct }
        var current: JSONValue? = document
        for part in path.split(separator: ".") {
            if let index = Int(part), let array = current?.arrayValue {
                current = array.indices.contains(index) ? array[index] : nil
            } else {
                current = current?[String(part)]
            }
        }
        return current
    }

    /// Numbers compare by value (`1` equals `1.0`).
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }
}
