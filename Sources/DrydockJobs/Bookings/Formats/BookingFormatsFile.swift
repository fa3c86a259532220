import DrydockYAML
import Foundation

/// Reads a formats file (YAML, or JSON) into formats, checking everything on load: unknown keys, wrong
/// types, regexes that do not compile, named groups that are not fields, fields no rule reads, date
/// patterns, locales, duplicate names. Every error names the file, the line and column, and the field.
public enum BookingFormatsFile {
    public static let maximumFileSize = 256 * 1024
    public static let maximumFormats = 200
    static let maximumLabels = 100

    static let topKeys: Set<String> = ["version", "formats"]
    static let formatKeys: Set<String> = ["name", "description", "kind", "match", "fields", "dates", "locale"]
    static let matchKeys: Set<String> = ["from", "subject", "listId", "body"]
    static let fieldKeys: Set<String> = ["labels", "regex", "in", "default"]

    /// The formats of the file at `path`.
    public static func load(path: String) throws(BookingFormatsError) -> [BookingFormat] {
        do throws(DocumentError) {
            guard let root = try YAMLDocument.load(path: path, maximumSize: maximumFileSize) else {
                throw DocumentError(.missingKey, file: path, line: 0, column: 0, "the file is empty; it needs \"version: 1\" and \"formats:\"")
            }
            return try parse(root)
        } catch {
            throw BookingFormatsError(error)
        }
    }

    /// The formats in `text`, read as the file `file` (tests, the built-in file).
    public static func parse(text: String, file: String) throws(BookingFormatsError) -> [BookingFormat] {
        do throws(DocumentError) {
            guard let root = try YAMLDocument.compose(text: text, file: file) else {
                throw DocumentError(.missingKey, file: file, line: 0, column: 0, "the file is empty; it needs \"version: 1\" and \"formats:\"")
            }
            return try parse(root)
        } catch {
            throw BookingFormatsError(error)
        }
    }

    static func parse(_ root: DocumentNode) throws(DocumentError) -> [BookingFormat] {
        let top = try root.mapping(allowed: topKeys)
        guard let version = top["version"] else { throw root.error(.missingKey, "missing \"version: 1\"") }
        _ = try version.int(in: 1...1)
        guard let list = top["formats"] else { throw root.error(.missingKey, "missing \"formats:\" (a list of formats)") }
        let items = try list.sequence()
        guard items.count <= maximumFormats else { throw list.error(.badValue, "more than \(maximumFormats) formats") }
        var formats: [BookingFormat] = []
        var seen: [String: Int] = [:]
        for item in items {
            let format = try parseFormat(item)
            if let line = seen[format.name] {
                throw item.error(.duplicateName, "a format named \"\(format.name)\" is already defined at line \(line)")
            }
            seen[format.name] = item.line
            formats.append(format)
        }
        return formats
    }

    static func parseFormat(_ node: DocumentNode) throws(DocumentError) -> BookingFormat {
        let members = try node.mapping(allowed: formatKeys)
        guard let nameNode = members["name"] else { throw node.error(.missingKey, "a format needs a \"name\"") }
        let name = try nameNode.string()
        guard (1...64).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw nameNode.error(.badValue, "expected a name of 1 to 64 letters, digits, - _ . (e.g. charterhub), found \"\(name.prefix(40))\"")
        }
        let origin = node.file == DefaultBookingFormats.name ? "built-in" : "\(node.file):\(node.line)"
        var format = BookingFormat(name: name, origin: origin)
        if let kind = members["kind"] { format.kind = try kind.choice(BookingFormat.Kind.self) }
        if let description = members["description"] { _ = try description.string() }
        if let locale = members["locale"] {
            let identifier = try locale.string()
            guard identifier == "en_US_POSIX" || Locale.availableIdentifiers.contains(identifier) else {
                throw locale.error(.badValue, "unknown locale \"\(identifier.prefix(40))\" (e.g. en_US, de_DE, fr_FR)")
            }
            format.locale = Locale(identifier: identifier)
        }
        if let dates = members["dates"] {
            for item in try dates.sequence() {
                let text = try item.string()
                do {
                    format.dates.append(try DatePattern(text, locale: format.locale))
                } catch {
                    throw item.error(.badValue, error.message)
                }
            }
        }
        guard let match = members["match"] else {
            throw node.error(.missingKey, "format \"\(name)\" needs \"match\" rules (from, subject, listId or body)")
        }
        format.match = try parseMatch(match)
        guard let fields = members["fields"] else { throw node.error(.missingKey, "format \"\(name)\" needs \"fields\"") }
        format.fields = try parseFields(fields)
        format.labelScan = LabelScan(format.fields)
        try checkCoverage(format, fieldsNode: fields)
        return format
    }

    static func parseMatch(_ node: DocumentNode) throws(DocumentError) -> BookingFormat.Match {
        let members = try node.mapping(allowed: matchKeys)
        var match = BookingFormat.Match()
        if let from = members["from"] {
            match.from = try stringOrList(from)
            for (index, entry) in match.from.enumerated() where entry.isEmpty || entry.contains(where: \.isWhitespace) || !entry.contains(".") {
                let place = (try? from.sequence()).map { $0[index] } ?? from
                throw place.error(.badValue, "expected a sender address or domain (bookings@example.com, example.com), found \"\(entry.prefix(40))\"")
            }
        }
        if let subject = members["subject"] { match.subject = try regex(subject) }
        if let listId = members["listId"] { match.listId = try nonEmpty(listId) }
        if let body = members["body"] { match.body = try nonEmpty(body) }
        guard !match.isEmpty else { throw node.error(.missingKey, "needs at least one rule: from, subject, listId or body") }
        return match
    }

    static func parseFields(_ node: DocumentNode) throws(DocumentError) -> [BookingField: BookingFormat.FieldRule] {
        let members = try node.mapping(allowed: Set(BookingField.allCases.map(\.rawValue)))
        var rules: [BookingField: BookingFormat.FieldRule] = [:]
        for (key, value) in members {
            guard let field = BookingField(rawValue: key) else { continue }
            let parts = try value.mapping(allowed: fieldKeys)
            var rule = BookingFormat.FieldRule()
            if let labels = parts["labels"] {
                rule.labels = try stringOrList(labels)
                guard !rule.labels.isEmpty, rule.labels.count <= maximumLabels, rule.labels.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty && $0.count <= 100 }) else {
                    throw labels.error(.badValue, "expected 1 to \(maximumLabels) labels, none empty")
                }
            }
            if let pattern = parts["regex"] {
                let compiled = try regex(pattern)
                guard compiled.groupNames.contains(field.rawValue) else {
                    throw pattern.error(.unknownGroup, "the regex must capture the value in a group named after the field: (?<\(field.rawValue)>…)")
                }
                rule.regex = compiled
            }
            if let sources = parts["in"] {
                rule.sources = []
                for item in try sources.sequence() { rule.sources.append(try item.choice(BookingFormat.Source.self)) }
                guard !rule.sources.isEmpty else { throw sources.error(.badValue, "expected one or more of text, html, subject") }
            }
            if let fallback = parts["default"] {
                let text = try nonEmpty(fallback)
                if field == .currency, !(text.count == 3 && text.allSatisfy { $0.isASCII && $0.isUppercase }) {
                    throw fallback.error(.badValue, "expected an ISO 4217 code such as EUR, found \"\(text.prefix(20))\"")
                }
                rule.defaultValue = text
            }
            guard !rule.labels.isEmpty || rule.regex != nil || rule.defaultValue != nil else {
                throw value.error(.missingKey, "needs labels, a regex or a default")
            }
            rules[field] = rule
        }
        return rules
    }

    /// Every required field has a rule, or is captured by another field's regex.
    static func checkCoverage(_ format: BookingFormat, fieldsNode: DocumentNode) throws(DocumentError) {
        let captured = Set(format.fields.values.compactMap(\.regex).flatMap(\.groupNames))
        for field in BookingField.required(for: format.kind) where format.fields[field] == nil && !captured.contains(field.rawValue) {
            throw fieldsNode.error(
                .missingKey, "no rule reads \(field.rawValue) (give it labels or a regex, or capture (?<\(field.rawValue)>…) in another field's regex)")
        }
    }

    /// A pattern that compiles, whose named groups are all fields.
    static func regex(_ node: DocumentNode) throws(DocumentError) -> BoundedRegex {
        let pattern = try nonEmpty(node)
        let compiled: BoundedRegex
        do {
            compiled = try BoundedRegex(pattern)
        } catch {
            throw node.error(.badRegex, error.message)
        }
        let known = Set(BookingField.allCases.map(\.rawValue))
        if let unknown = compiled.groupNames.first(where: { !known.contains($0) }) {
            throw node.error(.unknownGroup, "unknown group name \"\(unknown)\"; groups are named after fields: \(BookingField.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return compiled
    }

    static func nonEmpty(_ node: DocumentNode) throws(DocumentError) -> String {
        let text = try node.string()
        guard !text.isEmpty else { throw node.error(.badValue, "must not be empty") }
        return text
    }

    static func stringOrList(_ node: DocumentNode) throws(DocumentError) -> [String] {
        if case .scalar = node.node { return [try node.string()] }
        return try node.strings()
    }
}
