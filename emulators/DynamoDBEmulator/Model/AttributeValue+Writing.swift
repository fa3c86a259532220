import DrydockCore
import DrydockCrypto

extension AttributeValue {
    /// Appends the value in DynamoDB JSON, byte for byte what `json.bytes` gives, without building the
    /// tree: a Query page of ten items built and freed some eighty small JSON objects, which cost more
    /// than reading the items (callgrind). Pages write their items this way.
    func write(to out: inout [UInt8]) {
        func open(_ tag: Tag) { out.append(contentsOf: Self.openings[tag.rawValue]) }
        func list<Element>(_ elements: [Element], _ writeElement: (Element) -> Void) {
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                writeElement(element)
            }
            out.append(UInt8(ascii: "]"))
        }
        func number(_ n: DynamoNumber) {
            out.append(UInt8(ascii: "\""))
            n.write(to: &out)
            out.append(UInt8(ascii: "\""))
        }
        func binary(_ b: [UInt8]) { JSONValue.writeString(Base64.encode(b), to: &out) }
        switch self {
        case .s(let s): open(.s); JSONValue.writeString(s, to: &out)
        case .n(let n): open(.n); number(n)
        case .b(let b): open(.b); binary(b)
        case .bool(let b): open(.bool); out.append(contentsOf: b ? Self.trueBytes : Self.falseBytes)
        case .null: open(.null); out.append(contentsOf: Self.trueBytes)
        case .l(let items): open(.l); list(items) { $0.write(to: &out) }
        case .m(let map): open(.m); Item.write(map, to: &out)
        case .ss(let set): open(.ss); list(set) { JSONValue.writeString($0, to: &out) }
        case .ns(let set): open(.ns); list(set, number)
        case .bs(let set): open(.bs); list(set, binary)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The wire type tags in `openings`' order.
    private enum Tag: Int { case s, n, b, bool, null, l, m, ss, ns, bs }

    private static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

    /// `{"S":` and the like, as bytes: appending a string literal's UTF-8 view cost more than the value.
    private static let openings: [[UInt8]] = ["S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"].map {
        Array("{\"\($0)\":".utf8)
    }
}

extension Item {
    /// Appends the item as `Item.json(item).bytes` would: attributes sorted by name.
    static func write(_ item: Item, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (position, (name, value)) in item.sorted(by: { $0.key < $1.key }).enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(name, to: &out)
            out.append(UInt8(ascii: ":"))
            value.write(to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
