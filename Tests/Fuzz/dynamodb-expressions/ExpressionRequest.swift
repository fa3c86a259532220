import DrydockCore
import DrydockCrypto
import FuzzSupport

/// Turns fuzz text into one DynamoDB request carrying expressions.
///
/// The input is lines; a line `X text` sets a member, a line without such a prefix continues the
/// previous member's text (after a `\n`):
///
/// | `X` | member | action it selects |
/// |---|---|---|
/// | `K` | KeyConditionExpression | Query |
/// | `U` | UpdateExpression | UpdateItem |
/// | `D` | (none; the text is ignored) | DeleteItem |
/// | `F` | FilterExpression | Scan (or Query with `K`) |
/// | `C` | ConditionExpression | PutItem (or UpdateItem / DeleteItem) |
/// | `P` | ProjectionExpression | GetItem (or Query / Scan) |
/// | `I` | IndexName (`by-s`, `by-b`) | — |
///
/// Input that does not start with a member line is all one FilterExpression (a Scan). The actions
/// are tried in the table's order, first match wins. ExpressionAttributeNames and Values are derived
/// from the text so every placeholder is defined and used (see `Placeholders`); the item-level
/// actions address item `p1`/`1` of the `fuzz` table.
struct ExpressionRequest {
    var action = "Scan"
    var members: [(String, JSONValue)] = [("TableName", "fuzz")]

    static let memberNames: [UInt8: String] = [
        UInt8(ascii: "K"): "KeyConditionExpression", UInt8(ascii: "U"): "UpdateExpression", UInt8(ascii: "D"): "",
        UInt8(ascii: "F"): "FilterExpression", UInt8(ascii: "C"): "ConditionExpression",
        UInt8(ascii: "P"): "ProjectionExpression", UInt8(ascii: "I"): "IndexName",
    ]
    static let actionOrder: [(UInt8, String)] = [
        (UInt8(ascii: "K"), "Query"), (UInt8(ascii: "U"), "UpdateItem"), (UInt8(ascii: "D"), "DeleteItem"),
        (UInt8(ascii: "F"), "Scan"), (UInt8(ascii: "C"), "PutItem"), (UInt8(ascii: "P"), "GetItem"),
    ]
    static let key: JSONValue = ["pk": ["S": "p1"], "sk": ["N": "1"]]

    init(_ input: [UInt8]) {
        var texts: [(code: UInt8, text: [UInt8])] = []
        for line in FuzzText.lines(input) {
            if line.count >= 2, let code = line.first, Self.memberNames[code] != nil, line[line.startIndex + 1] == UInt8(ascii: " ") {
                texts.append((code, Array(line.dropFirst(2))))
            } else if texts.isEmpty {
                texts.append((UInt8(ascii: "F"), Array(line)))
            } else {
                texts[texts.count - 1].text += [UInt8(ascii: "\n")] + line
            }
        }
        let codes = Set(texts.map(\.code))
        action = Self.actionOrder.first { codes.contains($0.0) }?.1 ?? "Scan"
        for (code, text) in texts {
            guard let name = Self.memberNames[code], !name.isEmpty else { continue }
            members.append((name, .string(FuzzText.text(text))))
        }
        switch action {
        case "UpdateItem", "DeleteItem", "GetItem":
            members.append(("Key", Self.key))
            if action != "GetItem" { members.append(("ReturnValues", action == "UpdateItem" ? "ALL_NEW" : "ALL_OLD")) }
        case "PutItem":
            members.append(("Item", ["pk": ["S": "p1"], "sk": ["N": "1"], "n": ["N": "5"], "s": ["S": "new"]]))
            members.append(("ReturnValues", "ALL_OLD"))
        default:
            break
        }
        let placeholders = Placeholders(texts.filter { Self.memberNames[$0.code] != "IndexName" }.map(\.text))
        if !placeholders.names.isEmpty { members.append(("ExpressionAttributeNames", .object(placeholders.names))) }
        if !placeholders.values.isEmpty { members.append(("ExpressionAttributeValues", .object(placeholders.values))) }
    }

    /// Whether the action changes the table (the fuzzer then resets it).
    var writes: Bool { ["UpdateItem", "DeleteItem", "PutItem"].contains(action) }

    var body: [UInt8] { JSONValue.object(members).bytes }
}

/// The ExpressionAttributeNames and Values a text needs: every `#word` is the attribute `word`; every
/// `:word` gets a value whose type is picked by the word's first letter, the rest of the word giving
/// its content — `:n12_5` is N 12.5, `:sp1` is S "p1", `:bab` is B "ab", `:t`/`:f` BOOL, `:z` NULL,
/// `:l…` L, `:m…` M, `:x…` SS, `:y…` NS, `:w…` BS; any other word is S of the whole word (`:SS` is
/// S "SS", for attribute_type).
struct Placeholders {
    var names: [(String, JSONValue)] = []
    var values: [(String, JSONValue)] = []

    init(_ texts: [[UInt8]]) {
        var seen = Set<String>()
        for text in texts {
            var index = 0
            while index < text.count {
                let sigil = text[index]
                guard sigil == UInt8(ascii: "#") || sigil == UInt8(ascii: ":") else { index += 1; continue }
                var end = index + 1
                while end < text.count, Self.isWordByte(text[end]) { end += 1 }
                defer { index = max(end, index + 1) }
                guard end > index + 1 else { continue }
                let placeholder = FuzzText.text(text[index..<end])
                guard seen.insert(placeholder).inserted else { continue }
                let word = String(placeholder.dropFirst())
                if sigil == UInt8(ascii: "#") {
                    names.append((placeholder, .string(word)))
                } else {
                    values.append((placeholder, Self.value(for: word)))
                }
            }
        }
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
    }

    static func value(for word: String) -> JSONValue {
        let rest = String(word.dropFirst())
        let base64 = Base64.encode(Array(rest.utf8))
        switch word.first {
        case "n": return ["N": .string(rest.isEmpty ? "0" : rest.replacingOccurrences(of: "_", with: "."))]
        case "s": return ["S": .string(rest)]
        case "b": return ["B": .string(base64)]
        case "t": return ["BOOL": true]
        case "f": return ["BOOL": false]
        case "z": return ["NULL": true]
        case "l": return ["L": [["S": .string(rest)], ["N": "1"]]]
        case "m": return ["M": ["k": ["S": .string(rest)], "nest": ["M": ["z": ["NULL": true]]]]]
        case "x": return ["SS": rest.isEmpty ? ["red", "blue"] : [.string(rest), "red"]]
        case "y": return ["NS": ["1", "2.5"]]
        case "w": return ["BS": rest.isEmpty ? ["AQ=="] : [.string(base64), "AQ=="]]
        default: return ["S": .string(word)]
        }
    }
}
