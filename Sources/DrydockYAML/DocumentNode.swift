import DrydockCore
import Foundation
import Yams

/// A YAML node with the file it came from, read with errors that name the file, the node's line and
/// column, and what was expected there. Scenario files and the host configuration both read through it.
public struct DocumentNode {
    public let node: Node
    public let file: String
    /// Where in the document (`steps[2].expect.exit`), for messages.
    public let path: String

    public init(node: Node, file: String, path: String) {
        self.node = node
        self.file = file
        self.path = path
    }

    /// 1-based line of the node (0 when Yams gave no mark).
    public var line: Int { node.mark?.line ?? 0 }
    public var column: Int { node.mark?.column ?? 0 }

    public func error(_ code: DocumentError.Code, _ message: String) -> DocumentError {
        DocumentError(code, file: file, line: line, column: column, "\(path): \(message)")
    }

    private func describe() -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar): "\"\(scalar.string.prefix(40))\""
        }
    }

    public func wrongType(_ expected: String) -> DocumentError {
        error(.wrongType, "expected \(expected), found \(describe())")
    }

    /// The members of a mapping, every key checked against `allowed`.
    public func mapping(allowed: Set<String>) throws(DocumentError) -> [String: DocumentNode] {
        guard case .mapping(let mapping) = node else { throw wrongType("a mapping") }
        var members: [String: DocumentNode] = [:]
        for (key, value) in mapping {
            let keyNode = DocumentNode(node: key, file: file, path: path)
            guard case .scalar(let scalar) = key else { throw keyNode.wrongType("a key") }
            let name = scalar.string
            let child = DocumentNode(node: value, file: file, path: path.isEmpty ? name : "\(path).\(name)")
            guard allowed.contains(name) else {
                throw DocumentError(
                    .unknownKey, file: file, line: keyNode.line, column: keyNode.column,
                    "\(path.isEmpty ? "" : path + ": ")unknown key \"\(name)\"; expected one of: \(allowed.sorted().joined(separator: ", "))")
            }
            guard members[name] == nil else {
                throw DocumentError(.badValue, file: file, line: keyNode.line, column: keyNode.column, "key \"\(name)\" appears twice")
            }
            members[name] = child
        }
        return members
    }

    public func sequence() throws(DocumentError) -> [DocumentNode] {
        guard case .sequence(let sequence) = node else { throw wrongType("a list") }
        return sequence.enumerated().map { DocumentNode(node: $1, file: file, path: "\(path)[\($0)]") }
    }

    public func string() throws(DocumentError) -> String {
        guard case .scalar(let scalar) = node else { throw wrongType("a string") }
        return scalar.string
    }

    public func int(in range: ClosedRange<Int>) throws(DocumentError) -> Int {
        guard case .scalar = node, let value = node.int else { throw wrongType("a whole number") }
        guard range.contains(value) else { throw error(.badValue, "expected a number in \(range.lowerBound)...\(range.upperBound), found \(value)") }
        return value
    }

    public func bool() throws(DocumentError) -> Bool {
        guard case .scalar = node, let value = node.bool else { throw wrongType("true or false") }
        return value
    }

    public func strings() throws(DocumentError) -> [String] {
        var result: [String] = []
        for item in try sequence() { result.append(try item.string()) }
        return result
    }

    /// One of `choices` (a string).
    public func choice<T: RawRepresentable & CaseIterable>(_: T.Type) throws(DocumentError) -> T where T.RawValue == String {
        let text = try string()
        guard let value = T(rawValue: text) else {
            throw error(.badValue, "expected one of \(T.allCases.map(\.rawValue).joined(separator: " | ")), found \"\(text)\"")
        }
        return value
    }

    /// Seconds: a number, or a string with a unit (`500ms`, `10s`, `5m`, `1h`, `2d`); at most `limit` (a day
    /// for waits and bounds; `advance` takes up to 400 days, to age refresh tokens).
    public func duration(limit: Double = 86_400) throws(DocumentError) -> Double {
        guard case .scalar(let scalar) = node else { throw wrongType("a duration (seconds, or 500ms / 10s / 5m / 1h)") }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        var number = text, factor = 1.0
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            number = String(text.dropLast(suffix.count))
            factor = scale
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0, value * factor <= limit else {
            let most = limit == 86_400 ? "1 day" : "\(Int(limit / 86_400)) days"
            throw error(.badValue, "expected a duration between 0 and \(most) (seconds, or 500ms / 10s / 5m / 1h / 2d), found \"\(text.prefix(40))\"")
        }
        return value * factor
    }

    /// A file mode in octal, `"0600"` (a string, so YAML does not read it as decimal).
    public func mode() throws(DocumentError) -> mode_t {
        let text = try string()
        guard (3...4).contains(text.count), let value = mode_t(text, radix: 8), value <= 0o7777 else {
            throw error(.badValue, "expected an octal file mode such as \"0600\", found \"\(text.prefix(20))\"")
        }
        return value
    }

    /// The node as JSON (fault rules and `json:` expectations), scalars typed by YAML's core schema.
    public func json(depth: Int = 0) throws(DocumentError) -> JSONValue {
        guard depth < 32 else { throw error(.badValue, "nested too deeply (more than 32 levels)") }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if node.null != nil { return .null }
                if let bool = node.bool { return .bool(bool) }
                if let int = node.int { return .number(int) }
                if let double = node.float, double.isFinite { return .number(double) }
            }
            return .string(scalar.string)
        case .sequence:
            var items: [JSONValue] = []
            for item in try sequence() { items.append(try item.json(depth: depth + 1)) }
            return .array(items)
        case .mapping(let mapping):
            var members: [(String, JSONValue)] = []
            for (key, value) in mapping {
                guard case .scalar(let name) = key else { throw wrongType("a mapping with string keys") }
                members.append((name.string, try DocumentNode(node: value, file: file, path: "\(path).\(name.string)").json(depth: depth + 1)))
            }
            return .object(members)
        }
    }
}
