/// A SUMIF/COUNTIF criterion: `5` (equal to 5), `">=10"`, `"<>done"`, `"a*"` (wildcards `*` and `?`,
/// `~` escaping them), `""` (blank cells). Text compares case-insensitively.
struct FormulaCriterion {
    enum Comparison { case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual }

    let comparison: Comparison
    let operand: CellValue

    init(_ value: CellValue, locale: String) {
        guard case .text(let text) = value else {
            comparison = .equal
            operand = value
            return
        }
        var rest = Substring(text)
        var comparison = Comparison.equal
        for (prefix, kind) in [("<=", Comparison.lessOrEqual), (">=", .greaterOrEqual), ("<>", .notEqual), ("<", .less), (">", .greater), ("=", .equal)] {
            if rest.hasPrefix(prefix) {
                comparison = kind
                rest = rest.dropFirst(prefix.count)
                break
            }
        }
        self.comparison = comparison
        let operandText = String(rest)
        if let parsed = try? UserEnteredInput.parse(operandText, locale: locale), case .number = parsed.value {
            operand = parsed.value
        } else if operandText.uppercased() == "TRUE" || operandText.uppercased() == "FALSE" {
            operand = .bool(operandText.uppercased() == "TRUE")
        } else {
            operand = .text(operandText)
        }
    }

    /// Whether blank cells match (`""`, `"="`, `"<>x"`).
    var matchesBlank: Bool {
        switch (comparison, operand) {
        case (.equal, .text("")): return true
        case (.notEqual, .text(let text)): return !text.isEmpty
        case (.notEqual, .number), (.notEqual, .bool): return true
        default: return false
        }
    }

    func matches(_ value: CellValue) -> Bool {
        switch operand {
        case .number(let target):
            guard case .number(let number) = value else { return comparison == .notEqual }
            switch comparison {
            case .equal: return number == target
            case .notEqual: return number != target
            case .less: return number < target
            case .lessOrEqual: return number <= target
            case .greater: return number > target
            case .greaterOrEqual: return number >= target
            }
        case .bool(let target):
            guard case .bool(let flag) = value else { return comparison == .notEqual }
            return comparison == .notEqual ? flag != target : (comparison == .equal && flag == target)
        case .text(let target):
            guard case .text(let text) = value else {
                return comparison == .notEqual
            }
            switch comparison {
            case .equal: return Self.wildcardMatch(text.lowercased(), target.lowercased())
            case .notEqual: return !Self.wildcardMatch(text.lowercased(), target.lowercased())
            default:
                let order = FormulaEvaluator.compare(.text(text), .text(target))
                switch comparison {
                case .less: return order < 0
                case .lessOrEqual: return order <= 0
                case .greater: return order > 0
                default: return order >= 0
                }
            }
        case .empty, .error:
            return false
        }
    }

    /// `*` any run, `?` one character, `~` escapes. Iterative with backtracking to the last `*`, so
    /// linear-ish and never recursive.
    static func wildcardMatch(_ text: String, _ pattern: String) -> Bool {
        let t = Array(text), p = Array(pattern)
        var i = 0, j = 0
        var star = -1, mark = 0
        while i < t.count {
            if j < p.count, p[j] == "~", j + 1 < p.count, t[i] == p[j + 1] {
                i += 1; j += 2
            } else if j < p.count, p[j] == "?" || (p[j] != "*" && p[j] != "~" && p[j] == t[i]) {
                i += 1; j += 1
            } else if j < p.count, p[j] == "*" {
                star = j; mark = i; j += 1
            } else if star >= 0 {
                j = star + 1; mark += 1; i = mark
            } else {
                return false
            }
        }
        while j < p.count, p[j] == "*" { j += 1 }
        return j == p.count
    }
}
