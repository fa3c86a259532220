import DrydockCore

/// A parsed PartiQL statement, with every `?` already replaced by its parameter.
///
/// Values are kept in DynamoDB JSON (`{"S": "x"}`): they go into the requests the statement is
/// translated to (see `PartiQLTranslation`) and are validated there, by the same code as any item.
enum PartiQLStatement: Sendable {
    case select(Select)
    case insert(table: String, item: JSONValue)
    case update(Update)
    case delete(Delete)
    /// `EXISTS(SELECT … WHERE <key> [AND …])`: a condition check, in ExecuteTransaction only.
    case exists(Select)

    struct Select: Sendable {
        /// nil for `*`.
        var projection: [PartiQLPath]?
        var table: String
        var index: String?
        var condition: PartiQLExpression?
        /// `ORDER BY`: the key attribute and whether descending.
        var ordering: [(name: String, descending: Bool)] = []
    }

    struct Update: Sendable {
        var table: String
        var actions: [PartiQLUpdateAction]
        var condition: PartiQLExpression
        var returning: PartiQLReturning?
    }

    struct Delete: Sendable {
        var table: String
        var condition: PartiQLExpression
        var returning: PartiQLReturning?
    }

    var table: String {
        switch self {
        case .select(let s), .exists(let s): s.table
        case .insert(let table, _): table
        case .update(let u): u.table
        case .delete(let d): d.table
        }
    }

    var isRead: Bool {
        if case .select = self { return true }
        return false
    }

    var returning: PartiQLReturning? {
        switch self {
        case .update(let u): u.returning
        case .delete(let d): d.returning
        default: nil
        }
    }
}

/// `RETURNING (ALL | MODIFIED) (OLD | NEW) *`.
struct PartiQLReturning: Sendable, Equatable {
    var all: Bool
    var new: Bool

    var text: String { "\(all ? "ALL" : "MODIFIED") \(new ? "NEW" : "OLD") *" }

    /// UpdateItem's ReturnValues for it.
    var returnValues: String { (all ? "ALL_" : "UPDATED_") + (new ? "NEW" : "OLD") }
}

/// A document path: `a.b[0]."c-d"`.
struct PartiQLPath: Sendable, Equatable {
    var elements: [DocumentPath.Element]

    var attribute: String {
        if case .name(let n)? = elements.first { return n }
        return ""
    }

    /// The name a projected path comes back under: its last name with any list indexes after it
    /// (`address.city` → `city`, `tags[0]` → `tags[0]`), as DynamoDB answers a nested projection
    /// (recorded by a public emulator's suite).
    var resultName: String {
        var out = ""
        for element in elements {
            switch element {
            case .name(let n): out = n
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }
}

/// An expression of a WHERE clause or of a SET value.
indirect enum PartiQLExpression: Sendable {
    enum Arithmetic: String, Sendable { case plus = "+", minus = "-" }

    case path(PartiQLPath)
    case value(JSONValue)
    case compare(PartiQLExpression, Condition.Comparator, PartiQLExpression)
    case between(PartiQLExpression, PartiQLExpression, PartiQLExpression)
    case isIn(PartiQLExpression, [PartiQLExpression])
    case and(PartiQLExpression, PartiQLExpression)
    case or(PartiQLExpression, PartiQLExpression)
    case not(PartiQLExpression)
    /// `path IS [NOT] MISSING`.
    case missing(PartiQLPath, negated: Bool)
    /// `path IS [NOT] <type>` as DynamoDB's type tag (`NULL`, `S`, `N`, …).
    case isType(PartiQLPath, String, negated: Bool)
    /// `begins_with`, `contains`, `attribute_type`, `size`, `list_append`, `set_add`, `set_delete`.
    case function(String, [PartiQLExpression])
    case arithmetic(PartiQLExpression, Arithmetic, PartiQLExpression)

    /// The conjuncts of a chain of ANDs, in order.
    var conjuncts: [PartiQLExpression] {
        if case .and(let a, let b) = self { return a.conjuncts + b.conjuncts }
        return [self]
    }

    /// Rebuilds an AND chain; nil for none.
    static func all(_ parts: [PartiQLExpression]) -> PartiQLExpression? {
        guard var out = parts.first else { return nil }
        for part in parts.dropFirst() { out = .and(out, part) }
        return out
    }

    /// Top-level attributes this expression reads.
    var attributes: Set<String> {
        switch self {
        case .path(let p): [p.attribute]
        case .value: []
        case .compare(let a, _, let b), .and(let a, let b), .or(let a, let b), .arithmetic(let a, _, let b):
            a.attributes.union(b.attributes)
        case .between(let a, let b, let c): a.attributes.union(b.attributes).union(c.attributes)
        case .isIn(let a, let list): list.reduce(a.attributes) { $0.union($1.attributes) }
        case .not(let a): a.attributes
        case .missing(let p, _), .isType(let p, _, _): [p.attribute]
        case .function(_, let arguments): arguments.reduce([]) { $0.union($1.attributes) }
        }
    }

    /// `attribute = <value>` (either way round): the value, else nil.
    func equality(on attribute: String) -> JSONValue? {
        guard case .compare(let a, .eq, let b) = self else { return nil }
        switch (a, b) {
        case (.path(let p), .value(let v)) where p.elements == [.name(attribute)]: return v
        case (.value(let v), .path(let p)) where p.elements == [.name(attribute)]: return v
        default: return nil
        }
    }
}

/// One action of an UPDATE: `SET path = value` or `REMOVE path`.
enum PartiQLUpdateAction: Sendable {
    case set(PartiQLPath, PartiQLExpression)
    case remove(PartiQLPath)
}
