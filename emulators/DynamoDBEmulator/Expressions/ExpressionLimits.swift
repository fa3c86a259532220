/// DynamoDB's documented expression limits ("Expression parameters" in the developer guide's
/// Constraints page), enforced with DynamoDB's own messages, and the parser's recursion bound.
///
/// Messages: the size message (with its "expression size: N" suffix on ConditionExpression and
/// FilterExpression only, and no "1 validation error detected" envelope) was captured from AWS by public
/// test suites, which disagree on the envelope for PutItem/UpdateItem (one reports it, two do not; the
/// emulator follows the two); "The expression contains too many operators; operator count: 301" is
/// quoted from AWS in public issues (aws-sdk-js#3721, scylladb#14473); the document-path, list-index
/// and placeholder-key texts follow a public emulator's captures and DynamoDB Local's error table
/// (assumed).
enum ExpressionLimits {
    /// "The maximum length of any expression string is 4 KB": raw UTF-8 bytes, before substitution.
    static let maximumExpressionBytes = 4096
    /// "The maximum number of operators or functions allowed in a single expression is 300."
    static let maximumOperators = 300
    /// "The maximum number of operands for the IN comparator is 100."
    static let maximumInOperands = 100
    /// Nesting levels of a document path (`a.b[0].c` has 4), as for attribute values.
    static let maximumPathDepth = 32
    /// List indexes are Java ints: at most 10 digits and at most 2147483647.
    static let maximumListIndex = Int(Int32.max)
    /// "The maximum length of any single expression attribute name or expression attribute value is
    /// 255 bytes" (`#name`, `:val`).
    static let maximumPlaceholderBytes = 255
    /// "The maximum length of all substitution variables in an expression is 2 MB."
    static let maximumSubstitutionBytes = 2 * 1024 * 1024

    /// Parenthesised groups (and functions) nested deeper than this are refused without recursing
    /// further. No valid expression needs more: each level of a valid expression holds an operator of
    /// its own (else its parentheses are redundant), and there are at most 300.
    static let maximumNesting = maximumOperators

    /// "Expression size has exceeded the maximum allowed size;" for `text`, or nil when it fits.
    static func sizeError(_ text: String, kind: ExpressionKind) -> DynamoDBError? {
        let size = text.utf8.count
        guard size > maximumExpressionBytes else { return nil }
        let namesSize = kind == .condition || kind == .filter
        return kind.error("Expression size has exceeded the maximum allowed size;" + (namesSize ? " expression size: \(size)" : ""))
    }
}

extension ExpressionParser {
    /// Counts one operator or function (comparators, AND, OR, NOT, BETWEEN, IN, `+`, `-` and every
    /// function call), refusing the 301st as DynamoDB does, at the point it is read. The `=` of a SET
    /// action is an assignment and does not count.
    mutating func countOperator() throws(DynamoDBError) {
        operatorCount += 1
        if operatorCount > ExpressionLimits.maximumOperators {
            throw kind.error("The expression contains too many operators; operator count: \(operatorCount)")
        }
    }

    /// Enters one level of recursion (a parenthesised group or a function's arguments); past
    /// `maximumNesting` the expression is refused (see `tooDeeplyNested`). Pair with `leave()`.
    mutating func enter() throws(DynamoDBError) {
        depth += 1
        if depth > ExpressionLimits.maximumNesting { throw tooDeeplyNested() }
    }

    mutating func leave() { depth -= 1 }

    /// The answer for parentheses nested past any valid depth, found by scanning the tokens instead of
    /// recursing: the first `)` without its `(`, or the end when a `(` is never closed, is a syntax
    /// error; balanced parentheses that deep must contain a level with no operator of its own, which
    /// DynamoDB calls redundant. (DynamoDB parses the whole expression first; this reproduces its
    /// answer for such inputs, assumed.)
    func tooDeeplyNested() -> DynamoDBError {
        var open = 0
        for (index, token) in tokens.enumerated() where token.kind == .symbol {
            if token.text == "(" { open += 1 }
            if token.text == ")" {
                if open == 0 { return Self.syntaxError(kind: kind, source: source, tokens: tokens, at: index) }
                open -= 1
            }
        }
        if open > 0 { return Self.syntaxError(kind: kind, source: source, tokens: tokens, at: tokens.count - 1) }
        return kind.error("The expression has redundant parentheses;")
    }

    /// Checks a parsed document path's depth.
    func checkPathDepth(_ elements: [DocumentPath.Element]) throws(DynamoDBError) {
        if elements.count > ExpressionLimits.maximumPathDepth {
            throw kind.error("The document path has too many nesting levels; nesting levels: \(elements.count)")
        }
    }

    /// A list index token's value, refusing what a Java int cannot hold (more than 10 digits, or past
    /// 2147483647) as DynamoDB does.
    func listIndex(_ text: String) throws(DynamoDBError) -> Int {
        guard text.utf8.count <= 10, let index = Int(text), index <= ExpressionLimits.maximumListIndex else {
            throw kind.error("List index is not within the allowable range; index: [\(text)]")
        }
        return index
    }
}
