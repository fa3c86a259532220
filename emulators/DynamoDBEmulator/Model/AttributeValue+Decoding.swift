import DrydockCore
import DrydockCrypto

/// Which of DynamoDB's two value checkers an operation runs; they word bad numbers and duplicate set
/// members differently (captured from AWS by a public conformance suite, 2026).
public enum ValueLayer: Sendable {
    /// PutItem, UpdateItem, DeleteItem, GetItem, BatchGetItem, Query.
    case current
    /// BatchWriteItem, TransactWriteItems, TransactGetItems, Scan.
    case older
}

extension AttributeValue {
    /// Reads an attribute value from DynamoDB JSON, with DynamoDB's validation: exactly one type
    /// member, NULL must be true, numbers within 38 digits and range, sets non-empty without duplicates.
    ///
    /// Messages assumed from DynamoDB Local / dynalite behaviour (the quirky "An string set  may not be
    /// empty", with two spaces, is DynamoDB's own text).
    public static func decode(_ json: JSONValue, layer: ValueLayer = .current) throws(DynamoDBError) -> AttributeValue {
        try decode(json, layer: layer, level: 1)
    }

    /// Reads a value at nesting `level` (an item's attribute is level 1, a member of its `M` or `L`
    /// level 2, …); past `maximumNesting` it is refused, so decoding never recurses deeper than that
    /// whatever the JSON.
    static func decode(_ json: JSONValue, layer: ValueLayer, level: Int) throws(DynamoDBError) -> AttributeValue {
        if level > maximumNesting { throw nestingLimitExceeded }
        guard case .object(let members) = json else {
            throw .serialization("Unexpected value type in payload")
        }
        let present = members.filter { !$0.1.isNull }
        if present.isEmpty {
            throw .validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
        }
        if present.count > 1 {
            throw .validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
        }
        let (tag, value) = present[0]
        switch tag {
        case "S": return .s(try string(value))
        case "N": return .n(try number(try string(value), layer: layer))
        case "B": return .b(try binary(value))
        case "BOOL":
            guard case .bool(let b) = value else { throw typeMismatch(value, "Boolean") }
            return .bool(b)
        case "NULL":
            guard case .bool(let b) = value else { throw typeMismatch(value, "Boolean") }
            guard b else { throw .invalidParameter("Null attribute value types must have the value of true") }
            return .null
        case "L":
            guard case .array(let items) = value else { throw typeMismatch(value, "List") }
            var out: [AttributeValue] = []
            for item in items { out.append(try decode(item, layer: layer, level: level + 1)) }
            return .l(out)
        case "M":
            return .m(try decodeMap(value, layer: layer, level: level + 1))
        case "SS":
            let strings = try stringList(value)
            if strings.isEmpty { throw .invalidParameter("An string set  may not be empty") }
            try rejectDuplicates(strings, bytes: strings.map { Array($0.utf8) }, text: strings, type: "SS", layer: layer)
            return .ss(strings)
        case "NS":
            let texts = try stringList(value)
            if texts.isEmpty { throw .invalidParameter("An number set  may not be empty") }
            var numbers: [DynamoNumber] = []
            for text in texts { numbers.append(try number(text, layer: layer)) }
            try rejectDuplicates(numbers, bytes: texts.map { Array($0.utf8) }, text: texts, type: "NS", layer: layer)
            return .ns(numbers)
        case "BS":
            guard case .array(let items) = value else { throw typeMismatch(value, "List") }
            if items.isEmpty { throw .invalidParameter("Binary sets should not be empty") }
            var blobs: [[UInt8]] = []
            for item in items { blobs.append(try binary(item)) }
            try rejectDuplicates(blobs, bytes: blobs, text: blobs.map { Base64.encode($0) }, type: "BS", layer: layer)
            return .bs(blobs)
        default:
            // An unknown member is ignored by the deserializer, leaving no type set.
            throw .validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
        }
    }

    /// Reads a map of attribute values (`Item`, `Key`, `M`).
    public static func decodeMap(_ json: JSONValue, layer: ValueLayer = .current) throws(DynamoDBError) -> [String: AttributeValue] {
        try decodeMap(json, layer: layer, level: 1)
    }

    /// A map whose values sit at nesting `level`.
    static func decodeMap(_ json: JSONValue, layer: ValueLayer, level: Int) throws(DynamoDBError) -> [String: AttributeValue] {
        guard case .object(let members) = json else { throw typeMismatch(json, "Map") }
        var out: [String: AttributeValue] = [:]
        for (name, value) in members {
            // DynamoDB's limit on an attribute name and its text (DynamoDB Local's error table; assumed
            // to be the service's whole message).
            try checkNameSize(name)
            out[name] = try decode(value, layer: layer, level: level)
        }
        return out
    }

    /// DynamoDB's document nesting limit: 32 levels, counting the attribute itself as level 1 (a value
    /// wrapped in 31 maps is accepted, in 32 refused; captured from AWS by a public conformance suite).
    static let maximumNesting = 32

    /// "The length of an attribute name must be at least 1 character and no greater than 64 KB"
    /// (Developer Guide, "Quotas"); the message says "less than 65536 bytes".
    static let maximumNameBytes = 65_535

    /// Refuses an attribute name past `maximumNameBytes`, wherever a request names one: an item's or
    /// a key's member, ExpressionAttributeNames' values, AttributesToGet, AttributeUpdates.
    static func checkNameSize(_ name: String) throws(DynamoDBError) {
        if name.utf8.count > maximumNameBytes { throw .validation("Attribute name is too large, must be less than 65536 bytes") }
    }

    /// DynamoDB's answer for a value nested past `maximumNesting`, in an item or a request
    /// (captured from AWS, eu-west-2 and us-east-1, by a public conformance suite).
    static let nestingLimitExceeded = DynamoDBError.validation(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit")

    static func number(_ text: String, layer: ValueLayer = .current) throws(DynamoDBError) -> DynamoNumber {
        switch DynamoNumber.parse(text) {
        case .success(let n): return n
        case .failure(let problem):
            let echoed = layer == .older && text.isEmpty ? nil : text
            var error = DynamoDBError.validation(problem.message(for: echoed))
            error.envelopable = true
            throw error
        }
    }

    private static func string(_ value: JSONValue) throws(DynamoDBError) -> String {
        guard case .string(let s) = value else { throw typeMismatch(value, "String") }
        return s
    }

    private static func stringList(_ value: JSONValue) throws(DynamoDBError) -> [String] {
        guard case .array(let items) = value else { throw typeMismatch(value, "List") }
        var out: [String] = []
        for item in items { out.append(try string(item)) }
        return out
    }

    private static func binary(_ value: JSONValue) throws(DynamoDBError) -> [UInt8] {
        let text = try string(value)
        guard let bytes = Base64.decode(text) else {
            throw .serialization("Base64 encoded length is expected a multiple of 4 bytes but found: \(text.utf8.count)")
        }
        return bytes
    }

    /// DynamoDB's duplicate-member message, in the wording of `layer` (captured from AWS by a public
    /// conformance suite, 2026): the current layer quotes members in byte order up to the first repeat,
    /// then the repeat, then the rest as sent, and names no members of a number set; the older layer
    /// prints them as sent. Binary sets say "]of type BS" with no space, in both.
    private static func rejectDuplicates<T: Hashable>(
        _ values: [T], bytes: [[UInt8]], text: [String], type: String, layer: ValueLayer
    ) throws(DynamoDBError) {
        guard Set(values).count != values.count else { return }
        let prefix = "One or more parameter values were invalid: "
        var message: String
        switch (layer, type) {
        case (.current, "NS"): message = prefix + "Input collection contains duplicates."
        case (.older, "NS"): message = "Input collection contains duplicates"
        case (.older, _):
            message = prefix + "Input collection [\(text.joined(separator: ", "))]"
        case (.current, _):
            var seen: [(value: T, bytes: [UInt8], text: String)] = []
            var seenValues = Set<T>()
            var ordered: [String] = []
            for (i, value) in values.enumerated() {
                if !seenValues.insert(value).inserted {
                    ordered = seen.sorted { AttributeValue.compareBytes($0.bytes, $1.bytes) < 0 }.map(\.text)
                    ordered.append(text[i])
                    ordered += text[(i + 1)...]
                    break
                }
                seen.append((value, bytes[i], text[i]))
            }
            let separator = type == "BS" ? "," : ", "
            message = prefix + "Input collection [" + ordered.map { "\"\($0)\"" }.joined(separator: separator) + "]"
        }
        if type != "NS" { message += type == "BS" ? "of type BS contains duplicates." : " contains duplicates." }
        var error = DynamoDBError.validation(message)
        error.envelopable = true
        throw error
    }

    /// Coral's deserializer error for a member of the wrong JSON type. "Start of structure or map
    /// found where not expected" (an object where a scalar or list belongs, no final period) is seen
    /// from DynamoDB in public reports (aws-amplify/amplify-js#13265, 2024); "NUMBER_VALUE cannot be
    /// converted to String" too (localstack/localstack#9412, 2023). The token names for the other JSON
    /// types are Coral's as other AWS services print them (TRUE_VALUE, FALSE_VALUE …); assumed.
    static func typeMismatch(_ value: JSONValue, _ expected: String) -> DynamoDBError {
        if case .object = value, expected != "Map", expected != "Structure" {
            return .serialization("Start of structure or map found where not expected")
        }
        // A list where a scalar or structure belongs (dynalite's tests, run against AWS, expect it).
        if case .array = value, expected != "List" {
            return .serialization("Start of list found where not expected")
        }
        let found: String
        switch value {
        case .null: found = "NULL_VALUE"
        case .bool(let flag): found = flag ? "TRUE_VALUE" : "FALSE_VALUE"
        case .number: found = "NUMBER_VALUE"
        case .string: found = "STRING_VALUE"
        case .array: found = "START_ARRAY"
        case .object: found = "START_OBJECT"
        }
        return .serialization("\(found) cannot be converted to \(expected)")
    }
}
