/// Recursive-descent parser from tokens to a `QueryNode`.
///
/// Grammar (Google search conventions; OR binding tighter than the implicit AND is assumed from
/// Google web search, `a b OR c` = `a AND (b OR c)`):
///
///     query       := sequence
///     sequence    := disjunction ( "AND"? disjunction )*
///     disjunction := unary ( "OR" unary )*
///     unary       := "-" unary | primary
///     primary     := "(" sequence ")"            all must match
///                  | "{" sequence "}"            any may match
///                  | operator ":" value          value: word, "quoted", ( group ) or { group }
///                  | word ( "AROUND" n word )?
///                  | "quoted"
///
/// An operator applied to a group applies to each term inside it: `from:(amy OR david)` is
/// `from:amy OR from:david`, `subject:(dinner movie)` is `subject:dinner subject:movie`.
///
/// Groups nest at most `GmailQuery.maximumDepth` deep: the parser recurses once per group, and so do
/// the program compiler and the evaluator over the tree it builds, so the limit bounds all three
/// stacks. (A `-` only negates the term or group after it, so negations nest no deeper than groups.)
struct QueryParser {
    private let tokens: [QueryToken]
    private var index = 0
    /// Groups currently open.
    private var depth = 0
    let ownerWords: [String]?
    let pacific: PacificMidnight

    init(tokens: [QueryToken], mailboxOwner: String?, pacific: PacificMidnight = PacificMidnight()) {
        self.tokens = tokens
        self.ownerWords = mailboxOwner.map(SearchText.words).flatMap { $0.isEmpty ? nil : $0 }
        self.pacific = pacific
    }

    /// The whole query as one node; an empty query matches everything.
    mutating func parse() throws(GmailQueryError) -> QueryNode {
        let items = try parseSequence(closer: nil, context: nil)
        return Self.conjunction(items)
    }

    // MARK: Structure

    private var peek: QueryToken? { index < tokens.count ? tokens[index] : nil }

    private mutating func advance() -> QueryToken {
        defer { index += 1 }
        return tokens[index]
    }

    private static func startsTerm(_ token: QueryToken?) -> Bool {
        guard let token else { return false }
        switch token.kind {
        case .word, .quoted, .open, .openBrace, .minus: return true
        default: return false
        }
    }

    private mutating func parseSequence(closer: QueryToken.Kind?, context: SearchOperator?) throws(GmailQueryError) -> [QueryNode] {
        var items: [QueryNode] = []
        while let token = peek {
            switch token.kind {
            case .close, .closeBrace:
                if token.kind == closer { return items }
                throw Self.unexpectedCloser(token)
            case .and:
                index += 1
                guard !items.isEmpty, Self.startsTerm(peek) else { throw Self.dangling(token) }
            default:
                items.append(try parseDisjunction(context: context))
            }
        }
        return items
    }

    private mutating func parseDisjunction(context: SearchOperator?) throws(GmailQueryError) -> QueryNode {
        var terms = [try parseUnary(context: context)]
        while let token = peek, token.kind == .or {
            index += 1
            guard Self.startsTerm(peek) else { throw Self.dangling(token) }
            terms.append(try parseUnary(context: context))
        }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private mutating func parseUnary(context: SearchOperator?) throws(GmailQueryError) -> QueryNode {
        guard let token = peek else { throw GmailQueryError(message: "the query ends where a term was expected", position: (tokens.last?.position ?? 0) + 1, token: "") }
        if token.kind == .minus {
            index += 1
            guard Self.startsTerm(peek) else {
                throw GmailQueryError(message: "\"-\" at position \(token.position) negates nothing", position: token.position, token: "-")
            }
            return .not(try parseUnary(context: context))
        }
        return try parsePrimary(context: context)
    }

    private mutating func parsePrimary(context: SearchOperator?) throws(GmailQueryError) -> QueryNode {
        let token = advance()
        switch token.kind {
        case .open, .openBrace:
            return try parseGroup(opener: token, context: context)
        case .quoted:
            let node = try leaf(context, value: token.text, token: token)
            return context == nil ? try parseAround(after: token.text, node: node) : node
        case .word:
            if let (op, value) = SearchOperator.split(token.text) {
                if !value.isEmpty { return try leaf(op, value: value, token: token) }
                return try parseOperatorValue(op, token: token)
            }
            let node = try leaf(context, value: token.text, token: token)
            return context == nil ? try parseAround(after: token.text, node: node) : node
        case .close, .closeBrace:
            throw Self.unexpectedCloser(token)
        case .or, .and, .around, .minus:
            throw Self.dangling(token)
        }
    }

    /// `( … )` or `{ … }`; `context` is the operator the group is the value of, if any.
    private mutating func parseGroup(opener: QueryToken, context: SearchOperator?) throws(GmailQueryError) -> QueryNode {
        guard depth < GmailQuery.maximumDepth else { throw Self.tooDeep(opener) }
        depth += 1
        defer { depth -= 1 }
        let closer: QueryToken.Kind = opener.kind == .open ? .close : .closeBrace
        let items = try parseSequence(closer: closer, context: context)
        guard peek?.kind == closer else {
            let close = closer == .close ? ")" : "}"
            throw GmailQueryError(
                message: "unbalanced \"\(opener.text)\" at position \(opener.position): no matching \"\(close)\"",
                position: opener.position, token: opener.text)
        }
        index += 1
        return opener.kind == .open ? Self.conjunction(items) : Self.disjunction(items)
    }

    /// The value of `op:` written after the colon as its own token: `subject:"a b"`, `from:(a OR b)`,
    /// or (leniently, as Google's own docs write it) `from: amy`.
    private mutating func parseOperatorValue(_ op: SearchOperator, token: QueryToken) throws(GmailQueryError) -> QueryNode {
        guard let next = peek else { throw Self.missingValue(token) }
        switch next.kind {
        case .open, .openBrace:
            index += 1
            return try parseGroup(opener: next, context: op)
        case .quoted:
            index += 1
            return try leaf(op, value: next.text, token: token)
        case .word where SearchOperator.split(next.text) == nil:
            index += 1
            return try leaf(op, value: next.text, token: token)
        default:
            throw Self.missingValue(token)
        }
    }

    /// `first AROUND n second`, when an AROUND follows the term just read.
    private mutating func parseAround(after first: String, node: QueryNode) throws(GmailQueryError) -> QueryNode {
        guard let around = peek, around.kind == .around else { return node }
        index += 1
        guard index + 1 < tokens.count,
              tokens[index].kind == .word, let distance = OperatorValues.number(tokens[index].text[...], maxDigits: 6),
              tokens[index + 1].kind == .word || tokens[index + 1].kind == .quoted
        else {
            throw GmailQueryError(
                message: "\"AROUND\" at position \(around.position) needs a word on each side and a distance, as in \"dinner AROUND 5 friday\"",
                position: around.position, token: "AROUND")
        }
        let second = tokens[index + 1].text
        index += 2
        let a = SearchText.words(first), b = SearchText.words(second)
        guard !a.isEmpty, !b.isEmpty else { return .constant(true) }
        return .around(a, b, distance: distance)
    }

    // MARK: Combining

    /// AND of `items`, cheapest tests first (AND is commutative; the order only saves work).
    static func conjunction(_ items: [QueryNode]) -> QueryNode {
        switch items.count {
        case 0: return .constant(true)
        case 1: return items[0]
        default: return .and(items.enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }.map(\.element))
        }
    }

    static func disjunction(_ items: [QueryNode]) -> QueryNode {
        switch items.count {
        case 0: return .constant(true)
        case 1: return items[0]
        default: return .or(items)
        }
    }
}
