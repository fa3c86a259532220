extension ExpressionParser {
    /// `path, path, …`; overlapping paths are refused as DynamoDB does.
    mutating func parseProjectionExpression() throws(DynamoDBError) -> [DocumentPath] {
        var paths = [try parsePath()]
        while isSymbol(",") {
            advance()
            paths.append(try parsePath())
        }
        try expectEnd()
        for (i, a) in paths.enumerated() {
            for b in paths[(i + 1)...] where a.overlaps(b) {
                throw kind.error("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \(a), path two: \(b)")
            }
            for b in paths[(i + 1)...] where a.conflicts(b) {
                // DynamoDB's text (as public emulators' suites recorded it from AWS).
                throw kind.error("Two document paths conflict with each other; must remove or rewrite one of these paths; path one: \(a), path two: \(b)")
            }
        }
        return paths
    }
}

enum Projection {
    /// The parts of `item` the paths select, nested as in the item; list elements selected by index
    /// come back compacted in index order (DynamoDB's behaviour).
    static func apply(_ paths: [DocumentPath], to item: Item) -> Item {
        var out: Item = [:]
        for path in paths {
            guard let value = path.resolve(in: item) else { continue }
            insert(value, at: path.elements[...], into: &out, source: item)
        }
        return out
    }

    private static func insert(_ value: AttributeValue, at path: ArraySlice<DocumentPath.Element>, into out: inout Item, source: Item) {
        guard case .name(let top) = path.first else { return }
        let rest = path.dropFirst()
        if rest.isEmpty {
            out[top] = value
            return
        }
        out[top] = merge(out[top], value, at: rest, sourceContainer: source[top])
    }

    private static func merge(_ existing: AttributeValue?, _ value: AttributeValue, at path: ArraySlice<DocumentPath.Element>, sourceContainer: AttributeValue?) -> AttributeValue {
        guard let first = path.first else { return value }
        let rest = path.dropFirst()
        switch first {
        case .name(let n):
            var map: [String: AttributeValue] = [:]
            if case .m(let m)? = existing { map = m }
            var child: AttributeValue?
            if case .m(let sm)? = sourceContainer { child = sm[n] }
            map[n] = merge(map[n], value, at: rest, sourceContainer: child)
            return .m(map)
        case .index(let i):
            // Kept as (index, value) pairs inside a list in index order.
            var list: [AttributeValue] = []
            if case .l(let l)? = existing { list = l }
            var child: AttributeValue?
            if case .l(let sl)? = sourceContainer, i < sl.count { child = sl[i] }
            list.append(merge(nil, value, at: rest, sourceContainer: child))
            return .l(list)
        }
    }
}
