import DrydockCore

/// The accepted ranges, shared by JSON decoding and `FaultRule.validate(at:)` so both say the same thing.
enum FaultLimits {
    /// No 1xx: an interim status as the final answer hangs a client waiting for the real one (100) or is
    /// sent as is (101 Switching Protocols), which no real service does.
    static let status = 200...599
    static let statusText = "an integer 200-599"
    static let count = 1...Int.max
    static let countText = "a positive integer"
    static let retryAfter = 0...1_000_000_000
    static let retryAfterText = "a non-negative integer (seconds)"
    static let latency = 0...600_000
    static let latencyText = "an integer 0-600000 (milliseconds)"
    static let bytes = 0...Int.max
    static let bytesText = "a non-negative integer"
    static let probability = 0.0...1.0
    static let probabilityText = "a number 0-1"
    static let seconds = 0.0...1e9
    static let secondsText = "a non-negative number of seconds"
    static let seed = 0...Int.max
    static let seedText = "a non-negative integer"
    static let idLength = 100
    static let regionText = "a region name such as us-west-2 (lowercase letters, digits and '-'; '*' and '?' wildcards)"

    static let ruleFields = [
        "id", "service", "operation", "method", "path", "header", "region", "nth", "every", "times",
        "probability", "seed", "after", "until", "action",
    ]
}

extension FaultRule {
    /// Decodes a rule from its JSON form (documented on `FaultRule`), checking types and ranges.
    /// - Parameter path: where the object sits in the request body, for messages (`rules[0]`).
    public init(json: JSONValue, path: String = "") throws(JSONInputError) {
        let reader = try JSONObjectReader(json, path: path)
        try reader.rejectUnknownFields(allowed: FaultLimits.ruleFields, owner: "a fault rule")
        let action = try FaultAction(json: reader.required("action", reader.value("action"), "an action object"),
                                     path: reader.path(of: "action"))
        self.init(
            id: try reader.string("id"),
            service: try reader.string("service"),
            operation: try reader.string("operation"),
            method: try Self.method(reader),
            path: try reader.string("path"),
            header: try Self.header(reader),
            region: try Self.region(reader),
            nth: try reader.int("nth", FaultLimits.count, FaultLimits.countText),
            every: try reader.int("every", FaultLimits.count, FaultLimits.countText),
            times: try reader.int("times", FaultLimits.count, FaultLimits.countText),
            probability: try reader.double("probability", FaultLimits.probability, FaultLimits.probabilityText),
            seed: try reader.int("seed", FaultLimits.seed, FaultLimits.seedText).map { UInt64($0) },
            after: try reader.double("after", FaultLimits.seconds, FaultLimits.secondsText),
            until: try reader.double("until", FaultLimits.seconds, FaultLimits.secondsText),
            action: action)
        try validate(at: path)
    }

    /// Checks the rule's values (the JSON decoder's checks, for rules built in Swift) and that `until`
    /// comes after `after`. `path` prefixes the field names in the error.
    public func validate(at path: String = "") throws(JSONInputError) {
        func fail(_ field: String, _ reason: String) -> JSONInputError {
            JSONInputError(path: JSONObjectReader.join(path, field), reason: reason)
        }
        if let id {
            guard !id.isEmpty, id.count <= FaultLimits.idLength, !id.contains("/"), !id.contains("?") else {
                throw fail("id", "expected 1-\(FaultLimits.idLength) characters without '/' or '?'")
            }
        }
        for (field, text) in [("service", service), ("operation", operation), ("path", self.path)] where text == "" {
            throw fail(field, "expected a non-empty string")
        }
        if let method, method.isEmpty || !method.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) {
            throw fail("method", "expected an HTTP method such as GET or POST")
        }
        if let header, header.name.isEmpty || header.value == "" {
            throw fail("header", "expected a non-empty header name (and value, when given)")
        }
        if let region, !Self.isRegionPattern(region) { throw fail("region", "expected \(FaultLimits.regionText)") }
        for (field, value) in [("nth", nth), ("every", every), ("times", times)] {
            if let value, !FaultLimits.count.contains(value) { throw fail(field, "expected \(FaultLimits.countText)") }
        }
        if let probability, !FaultLimits.probability.contains(probability) {
            throw fail("probability", "expected \(FaultLimits.probabilityText)")
        }
        for (field, value) in [("after", after), ("until", until)] {
            if let value, !FaultLimits.seconds.contains(value) { throw fail(field, "expected \(FaultLimits.secondsText)") }
        }
        if let until, until <= (after ?? 0) {
            throw fail("until", "must be greater than after (\(after ?? 0) seconds)")
        }
        try action.validate(at: JSONObjectReader.join(path, "action"))
    }

    /// Region names are lowercase (`us-west-2`, `eu-central-1`); anything else could never match.
    static func isRegionPattern(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-*?".unicodeScalars.contains($0) }
    }

    private static func region(_ reader: JSONObjectReader) throws(JSONInputError) -> String? {
        guard let text = try reader.string("region", FaultLimits.regionText) else { return nil }
        guard isRegionPattern(text) else { throw reader.mismatch("region", FaultLimits.regionText, .string(text)) }
        return text
    }

    private static func method(_ reader: JSONObjectReader) throws(JSONInputError) -> String? {
        let expectation = "an HTTP method such as GET or POST"
        guard let text = try reader.string("method", expectation) else { return nil }
        guard text.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("a"..."z").contains($0) }) else {
            throw reader.mismatch("method", expectation, .string(text))
        }
        return text.uppercased()
    }

    private static func header(_ reader: JSONObjectReader) throws(JSONInputError) -> HeaderCriterion? {
        guard let value = reader.value("header") else { return nil }
        if let name = value.stringValue, !name.isEmpty { return HeaderCriterion(name: name) }
        guard case .object = value else {
            throw reader.mismatch("header", "a header name, or an object {\"name\": …, \"value\": …}", value)
        }
        let object = try JSONObjectReader(value, path: reader.path(of: "header"))
        try object.rejectUnknownFields(allowed: ["name", "value"], owner: "a header criterion")
        let name = try object.required("name", object.string("name"), "a header name")
        return HeaderCriterion(name: name, value: try object.string("value"))
    }
}
