import DrydockCore

extension DynamoDBEmulator {
    /// At most 50 tags on a table (documented in the Developer Guide's tagging restrictions).
    static let maximumTags = 50

    /// TagResource: adds tags to the table an ARN names, replacing the value of a key already there.
    func tagResource(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let arn = try resourceARN(call, action: "TagResource")
        guard let entries = try call.body.objects("Tags") else { throw .missing("tags") }
        let tags = try Self.tags(entries, checks: call.checks)
        // Texts recorded from AWS by a public emulator's suite ("Atleast" as AWS spells it).
        if tags.isEmpty { throw .validation("Atleast one Tag needs to be provided as Input.") }
        try withTaggedTable(arn, region: call.region) { (table) throws(DynamoDBError) in
            var merged = table.tags
            for tag in tags {
                if let at = merged.firstIndex(where: { $0.key == tag.key }) { merged[at].value = tag.value } else { merged.append(tag) }
            }
            if merged.count > Self.maximumTags { throw Self.tooManyTags }
            table.tags = merged
        }
        return .object([])
    }

    /// Over 50 tags on a table: a ValidationException, not LimitExceededException (DynamoDB's text as
    /// the ack-api-quirks catalogue recorded it live, 2026).
    static let tooManyTags = DynamoDBError.validation("Number of Tags exceed the current limit for the provided ResourceArn")

    /// A `Tags` list with Coral's constraints (key 1–128 characters, value 0–256: the service model's
    /// only constraints), then DynamoDB's own checks: both only letters, numbers, whitespace and
    /// `_ . : / = + - @`, and the reserved `aws:` prefix (documented; texts as the ack-api-quirks
    /// catalogue recorded them from DynamoDB, 2026). Stored input (`InputChecks`) skips the character
    /// checks, which earlier builds did not make.
    static func tags(_ entries: [RequestBody], checks: InputChecks = .request) throws(DynamoDBError) -> [ResourceTag] {
        var tags: [ResourceTag] = []
        var violations: [String] = []
        for (position, entry) in entries.enumerated() {
            let key = try entry.string("Key")
            let value = try entry.string("Value")
            let at = "tags.\(position + 1).member"
            if let key {
                if key.isEmpty { violations.append("Value '' at '\(at).key' failed to satisfy constraint: Member must have length greater than or equal to 1") }
                if key.count > 128 { violations.append("Value '\(key)' at '\(at).key' failed to satisfy constraint: Member must have length less than or equal to 128") }
            } else {
                violations.append("Value null at '\(at).key' failed to satisfy constraint: Member must not be null")
            }
            if let value {
                if value.count > 256 { violations.append("Value '\(value)' at '\(at).value' failed to satisfy constraint: Member must have length less than or equal to 256") }
            } else {
                violations.append("Value null at '\(at).value' failed to satisfy constraint: Member must not be null")
            }
            if let key, let value { tags.append(ResourceTag(key: key, value: value)) }
        }
        if !violations.isEmpty { throw .constraint(Array(violations.prefix(10))) }
        for tag in tags {
            if checks == .stored {
                if tag.key.hasPrefix("aws:") { throw .validation("Tag Key cannot be prefixed with aws:, Key: \(tag.key)") }
                continue
            }
            if !isTagText(tag.key) { throw .validation("The Tag Key provided is invalid, Key: \(tag.key)") }
            if tag.key.hasPrefix("aws:") { throw .validation("Tag Key cannot be prefixed with aws:, Key: \(tag.key)") }
            if !isTagText(tag.value) { throw .validation("The Tag Value provided is invalid, Value: \(tag.value)") }
        }
        return tags
    }

    /// Whether `text` is only letters, separators (spaces), numbers and `_ . : / = + - @`.
    static func isTagText(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .spaceSeparator, .lineSeparator, .paragraphSeparator,
                 .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return "_.:/=+-@".unicodeScalars.contains(scalar)
            }
        }
    }

    /// UntagResource: removes the named keys (a key that is not there is no error).
    func untagResource(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let arn = try resourceARN(call, action: "UntagResource")
        guard let values = try call.body.array("TagKeys") else { throw .missing("tagKeys") }
        var keys: [String] = []
        for value in values {
            guard case .string(let key) = value else { throw AttributeValue.typeMismatch(value, "String") }
            keys.append(key)
        }
        // Text recorded from AWS by a public emulator's suite.
        if keys.isEmpty { throw .validation("Atleast one Tag Key needs to be provided as Input.") }
        try withTaggedTable(arn, region: call.region) { (table) throws(DynamoDBError) in
            table.tags.removeAll { keys.contains($0.key) }
        }
        return .object([])
    }

    /// ListTagsOfResource: every tag of the table (at most 50, so never a NextToken).
    func listTagsOfResource(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let arn = try resourceARN(call, action: "ListTagsOfResource")
        _ = try call.body.string("NextToken")
        var tags: [ResourceTag] = []
        try withTaggedTable(arn, region: call.region) { (table) throws(DynamoDBError) in tags = table.tags }
        return ["Tags": .array(tags.map { ["Key": .string($0.key), "Value": .string($0.value)] })]
    }

    /// `ResourceArn`, checked as DynamoDB does (texts recorded from AWS by a public emulator's suite):
    /// absent → "Invalid TableArn"; not `arn:partition:service:region:account:resource` → "…ARNs must
    /// start with 'arn:': …" when it does not, else the IAM refusal (AccessDeniedException, as DynamoDB
    /// once answered every such string); a resource that is no `table/<3–255 characters>` →
    /// "Invalid TableArn: Invalid ResourceArn provided as input …".
    func resourceARN(_ call: DynamoDBCall, action: String) throws(DynamoDBError) -> String {
        guard let arn = try call.body.string("ResourceArn") else { throw .validation("Invalid TableArn") }
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[5].contains("/") else {
            // One not starting "arn:": today's answer (DynamoDB's text in the ack-api-quirks catalogue,
            // 2026; the public conformance suite notes that DynamoDB once answered AccessDeniedException).
            if !arn.isEmpty, !arn.hasPrefix("arn:") { throw .invalidParameter("ARNs must start with 'arn:': \(arn)") }
            // The caller shown as the emulator's account root (assumed: AWS names the signing identity).
            throw DynamoDBError(
                type: "AccessDeniedException",
                message: "User: arn:aws:iam::\(TableDefinition.accountID):root is not authorized to perform: dynamodb:\(action) on resource: \(arn.isEmpty ? "*" : arn)")
        }
        let resource = parts[5]
        let name = resource.dropFirst("table/".count)
        guard parts[0] == "arn", parts[2] == "dynamodb", resource.hasPrefix("table/"), (3...255).contains(name.count),
              !name.contains("/") else {
            throw .validation("Invalid TableArn: Invalid ResourceArn provided as input \(arn)")
        }
        return arn
    }

    /// Runs `change` on the table `arn` names in `region`; ResourceNotFoundException (with AWS's own
    /// "ResourcArn" spelling, recorded by a public emulator's suite) when there is none.
    func withTaggedTable(_ arn: String, region: String, _ change: (inout Table) throws(DynamoDBError) -> Void) throws(DynamoDBError) {
        try state.withLock { (state) throws(DynamoDBError) in
            let name = String(arn.split(separator: "/", maxSplits: 1).last ?? "")
            guard var table = state.regions[region]?.tables[name], table.definition.arn == arn else {
                throw DynamoDBError(type: "ResourceNotFoundException", message: "Requested resource not found: ResourcArn: \(arn) not found")
            }
            try change(&table)
            state.regions[region]?.tables[name] = table
        }
    }
}
