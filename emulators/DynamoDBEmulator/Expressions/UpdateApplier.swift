extension UpdateExpression {
    /// Applies every action to `item`. Right-hand sides read the item as it was before the update.
    /// Runtime messages are DynamoDB's texts for these cases. `itemExists` is false when `item` is only
    /// the key of an item not stored: DynamoDB then ignores a REMOVE whose parent path is missing
    /// (`REMOVE x.y`), which it refuses on a stored item without `x`.
    func apply(to item: Item, itemExists: Bool = true) throws(DynamoDBError) -> Item {
        do {
            return try applyActions(to: item, itemExists: itemExists)
        } catch where isLegacy && error == Self.wrongType {
            // AttributeUpdates' text for the same case (listed in the API Reference's UpdateItem errors).
            throw .validation("Type mismatch for attribute to update")
        }
    }

    private func applyActions(to item: Item, itemExists: Bool) throws(DynamoDBError) -> Item {
        let original = item
        var result = item
        // REMOVE of list elements runs from the highest index down so earlier removals don't shift later ones.
        let removes = actions.compactMap { action -> DocumentPath? in
            if case .remove(let p) = action { return p }
            return nil
        }.sorted { a, b in
            if case .index(let i)? = a.elements.last, case .index(let j)? = b.elements.last { return i > j }
            return false
        }
        for action in Self.listSetsInIndexOrder(actions) {
            switch action {
            case .set(let path, let value):
                let computed = try Self.evaluate(value, original)
                guard path.assign(computed, in: &result) else { throw Self.invalidPath }
            case .remove:
                continue
            case .add(let path, let value):
                guard let existing = path.resolve(in: original) else {
                    guard path.assign(value, in: &result) else { throw Self.invalidPath }
                    continue
                }
                let sum: AttributeValue
                switch (existing, value) {
                case (.n(let a), .n(let b)):
                    switch DynamoNumber.add(a, b) {
                    case .success(let n): sum = .n(n)
                    case .failure(let problem): throw .validation(problem.message)
                    }
                case (.ss(let a), .ss(let b)): sum = .ss(Self.union(a, b))
                case (.ns(let a), .ns(let b)): sum = .ns(Self.union(a, b))
                case (.bs(let a), .bs(let b)): sum = .bs(Self.union(a, b))
                default: throw Self.wrongType
                }
                guard path.assign(sum, in: &result) else { throw Self.invalidPath }
            case .delete(let path, let value):
                guard let existing = path.resolve(in: original) else { continue }
                let remaining: AttributeValue?
                switch (existing, value) {
                case (.ss(let a), .ss(let b)): remaining = Self.difference(a, b).map { .ss($0) }
                case (.ns(let a), .ns(let b)): remaining = Self.difference(a, b).map { .ns($0) }
                case (.bs(let a), .bs(let b)): remaining = Self.difference(a, b).map { .bs($0) }
                default: throw Self.wrongType
                }
                if let remaining {
                    guard path.assign(remaining, in: &result) else { throw Self.invalidPath }
                } else {
                    path.remove(from: &result)
                }
            }
        }
        for path in removes {
            guard path.remove(from: &result) || !itemExists else { throw Self.invalidPath }
        }
        return result
    }

    /// The actions with every group of SETs on elements of one list (`a[84]`, `a[17]`) taken in index
    /// order, each group in the positions its members held: DynamoDB applies them by index, so
    /// appends past the end land in index order whatever order the expression names them in.
    static func listSetsInIndexOrder(_ actions: [Action]) -> [Action] {
        func listElement(_ action: Action) -> (parent: ArraySlice<DocumentPath.Element>, index: Int)? {
            guard case .set(let path, _) = action, case .index(let i)? = path.elements.last else { return nil }
            return (path.elements.dropLast(), i)
        }
        var groups: [ArraySlice<DocumentPath.Element>: [Action]] = [:]
        for action in actions {
            if let (parent, _) = listElement(action) { groups[parent, default: []].append(action) }
        }
        guard groups.values.contains(where: { $0.count > 1 }) else { return actions }
        for (parent, members) in groups {
            groups[parent] = members.sorted { (listElement($0)?.index ?? 0) < (listElement($1)?.index ?? 0) }
        }
        var taken: [ArraySlice<DocumentPath.Element>: Int] = [:]
        return actions.map { action in
            guard let (parent, _) = listElement(action), let members = groups[parent] else { return action }
            let next = taken[parent, default: 0]
            taken[parent] = next + 1
            return members[next]
        }
    }

    /// `a` then the members of `b` not in `a`, in order (hashed: sets of 10^5 members stay linear).
    static func union<T: Hashable>(_ a: [T], _ b: [T]) -> [T] {
        let present = Set(a)
        return a + b.filter { !present.contains($0) }
    }

    /// The members of `a` not in `b`, in order; nil when none are left (DELETE then removes the attribute).
    static func difference<T: Hashable>(_ a: [T], _ b: [T]) -> [T]? {
        let removed = Set(b)
        let left = a.filter { !removed.contains($0) }
        return left.isEmpty ? nil : left
    }

    static let invalidPath = DynamoDBError.validation("The document path provided in the update expression is invalid for update")
    static let wrongType = DynamoDBError.validation("An operand in the update expression has an incorrect data type")
    static let missingAttribute = DynamoDBError.validation("The provided expression refers to an attribute that does not exist in the item")

    static func evaluate(_ value: UpdateValue, _ item: Item) throws(DynamoDBError) -> AttributeValue {
        switch value {
        case .value(let v): return v
        case .path(let p):
            guard let v = p.resolve(in: item) else { throw missingAttribute }
            return v
        case .ifNotExists(let p, let fallback):
            if let v = p.resolve(in: item) { return v }
            return try evaluate(fallback, item)
        case .listAppend(let a, let b):
            guard case .l(let x) = try evaluate(a, item), case .l(let y) = try evaluate(b, item) else { throw wrongType }
            return .l(x + y)
        case .plus(let a, let b), .minus(let a, let b):
            guard case .n(let x) = try evaluate(a, item), case .n(let y) = try evaluate(b, item) else { throw wrongType }
            let isPlus: Bool
            if case .plus = value { isPlus = true } else { isPlus = false }
            switch DynamoNumber.add(x, isPlus ? y : y.negated) {
            case .success(let n): return .n(n)
            case .failure(let problem): throw .validation(problem.message)
            }
        }
    }

    /// Whether every action only takes something away (REMOVE, DELETE from a set; AttributeUpdates'
    /// DELETE): on an item not stored such an update writes nothing — DynamoDB does not create the item.
    var onlyRemoves: Bool {
        !actions.isEmpty && actions.allSatisfy { action in
            switch action {
            case .remove, .delete: true
            case .set, .add: false
            }
        }
    }

    /// Top-level attributes the update touches (for UPDATED_OLD / UPDATED_NEW).
    var touchedAttributes: Set<String> { Set(actions.map(\.path.attribute)) }
}
