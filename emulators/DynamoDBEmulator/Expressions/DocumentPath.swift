/// A document path: `a.b[0].c`, with `#names` already resolved.
struct DocumentPath: Hashable, Sendable, CustomStringConvertible {
    enum Element: Hashable, Sendable {
        case name(String)
        case index(Int)
    }

    var elements: [Element]

    /// The top-level attribute the path starts at.
    var attribute: String {
        if case .name(let n) = elements[0] { return n }
        return ""
    }

    /// DynamoDB's rendering in overlap errors: `[a, b, [0]]` (assumed for the index form).
    var description: String {
        "[" + elements.map { element in
            switch element {
            case .name(let n): n
            case .index(let i): "[\(i)]"
            }
        }.joined(separator: ", ") + "]"
    }

    /// Whether one path is a prefix of the other (DynamoDB's "overlap").
    func overlaps(_ other: DocumentPath) -> Bool {
        let n = min(elements.count, other.elements.count)
        return elements.prefix(n).elementsEqual(other.elements.prefix(n))
    }

    /// Whether the paths agree up to an element one reads as a map key and the other as a list index
    /// (`a.b` and `a[0]`): DynamoDB's "conflict".
    func conflicts(_ other: DocumentPath) -> Bool {
        for (a, b) in zip(elements, other.elements) where a != b {
            switch (a, b) {
            case (.name, .index), (.index, .name): return true
            default: return false
            }
        }
        return false
    }

    /// The value at this path in `item`, nil when any step is missing or of the wrong type.
    func resolve(in item: Item) -> AttributeValue? {
        guard var current = item[attribute] else { return nil }
        for element in elements.dropFirst() {
            switch (element, current) {
            case (.name(let n), .m(let map)):
                guard let next = map[n] else { return nil }
                current = next
            case (.index(let i), .l(let list)):
                guard i < list.count else { return nil }
                current = list[i]
            default:
                return nil
            }
        }
        return current
    }

    /// Whether the path's parent exists with the right container type (SET needs it).
    /// Sets the value at this path; false when a parent is missing or not a container.
    /// A list index past the end appends.
    func assign(_ value: AttributeValue, in item: inout Item) -> Bool {
        if elements.count == 1 {
            item[attribute] = value
            return true
        }
        guard let root = item[attribute], let updated = Self.assign(value, into: root, at: elements.dropFirst()) else { return false }
        item[attribute] = updated
        return true
    }

    private static func assign(_ value: AttributeValue, into container: AttributeValue, at path: ArraySlice<Element>) -> AttributeValue? {
        guard let first = path.first else { return value }
        let rest = path.dropFirst()
        switch (first, container) {
        case (.name(let n), .m(var map)):
            if rest.isEmpty {
                map[n] = value
            } else {
                guard let child = map[n], let updated = assign(value, into: child, at: rest) else { return nil }
                map[n] = updated
            }
            return .m(map)
        case (.index(let i), .l(var list)):
            if rest.isEmpty {
                if i < list.count { list[i] = value } else { list.append(value) }
            } else {
                guard i < list.count, let updated = assign(value, into: list[i], at: rest) else { return nil }
                list[i] = updated
            }
            return .l(list)
        default:
            return nil
        }
    }

    /// Removes the value at this path (nothing when only the last step is absent); false when a parent
    /// is missing or has the wrong type (DynamoDB refuses `REMOVE x.y` unless `x` is a map).
    @discardableResult
    func remove(from item: inout Item) -> Bool {
        if elements.count == 1 {
            item[attribute] = nil
            return true
        }
        guard let root = item[attribute] else { return false }
        guard let updated = Self.remove(from: root, at: elements.dropFirst()) else { return false }
        item[attribute] = updated
        return true
    }

    private static func remove(from container: AttributeValue, at path: ArraySlice<Element>) -> AttributeValue? {
        guard let first = path.first else { return container }
        let rest = path.dropFirst()
        switch (first, container) {
        case (.name(let n), .m(var map)):
            if rest.isEmpty { map[n] = nil } else {
                guard let child = map[n], let updated = remove(from: child, at: rest) else { return nil }
                map[n] = updated
            }
            return .m(map)
        case (.index(let i), .l(var list)):
            if rest.isEmpty { if i < list.count { list.remove(at: i) } } else {
                guard i < list.count, let updated = remove(from: list[i], at: rest) else { return nil }
                list[i] = updated
            }
            return .l(list)
        default:
            return nil
        }
    }
}
