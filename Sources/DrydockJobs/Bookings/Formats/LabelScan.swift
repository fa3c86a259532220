/// `Label: value` lines (and `Label value` table rows, which HTML-as-text gives one a line): for each
/// field, the first line that starts with one of its labels, case-insensitive, with the longest label
/// tried first across all fields so "Total paid" is not read as "Total".
struct LabelScan: Sendable {
    struct Hit: Sendable {
        let value: String
        let label: String
        /// 1-based line in the source.
        let line: Int
    }

    /// (field, lowercased label) pairs, longest label first.
    let labels: [(BookingField, String)]

    init(_ rules: [BookingField: BookingFormat.FieldRule]) {
        labels = rules.flatMap { field, rule in rule.labels.map { (field, $0.lowercased()) } }
            .sorted { ($0.1.count, $1.1, $1.0.rawValue) > ($1.1.count, $0.1, $0.0.rawValue) }
    }

    func hits(in text: String) -> [BookingField: Hit] {
        var found: [BookingField: Hit] = [:]
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = rawLine.trimmingHorizontalSpace
            let lowered = line.lowercased()
            for (field, name) in labels where found[field] == nil && lowered.hasPrefix(name) {
                var rest = line.dropFirst(name.count)
                guard let first = rest.first, first == ":" || first == " " || first == "\t" || first == "#" else { continue }
                while let c = rest.first, c == ":" || c == " " || c == "\t" || c == "#" || c == "-" || c == "–" { rest = rest.dropFirst() }
                let value = rest.trimmingHorizontalSpace
                if !value.isEmpty { found[field] = Hit(value: String(value), label: String(line.prefix(name.count)), line: lineNumber) }
                break
            }
        }
        return found
    }
}
