import Foundation
import Yams

/// Reading a YAML (or JSON, which is YAML too) file into a located root node, with size and encoding
/// limits and syntax errors that carry Yams' line and column.
public enum YAMLDocument {
    /// Reads `path` (at most `maximumSize` bytes, UTF-8) and composes it; nil for an empty document.
    public static func load(path: String, maximumSize: Int) throws(DocumentError) -> DocumentNode? {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DocumentError(.unreadable, file: path, line: 0, column: 0, "cannot read the file")
        }
        guard data.count <= maximumSize else {
            throw DocumentError(.unreadable, file: path, line: 0, column: 0, "larger than \(maximumSize) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DocumentError(.syntax, file: path, line: 0, column: 0, "not UTF-8 text")
        }
        return try compose(text: text, file: path)
    }

    /// Composes `text`; `file` names it in errors. Nil for an empty document.
    public static func compose(text: String, file: String) throws(DocumentError) -> DocumentNode? {
        do {
            guard let root = try Yams.compose(yaml: text) else { return nil }
            return DocumentNode(node: root, file: file, path: "")
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw DocumentError(.syntax, file: file, line: 0, column: 0, "\(error)")
        }
    }

    static func syntaxError(_ error: YamlError, file: String) -> DocumentError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return DocumentError(.syntax, file: file, line: mark.line, column: mark.column, "not valid YAML: \(problem)")
        default:
            return DocumentError(.syntax, file: file, line: 0, column: 0, "not valid YAML: \(error)")
        }
    }
}
