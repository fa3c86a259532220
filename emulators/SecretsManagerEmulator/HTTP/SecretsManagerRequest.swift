import DrydockCore
import DrydockCrypto
import EmulatorKit
import Foundation

/// One request's members, read with the types the API model gives them; a member of the wrong JSON type
/// is a `SerializationException` naming it (text assumed), `null` reads as absent. Also where the
/// members' documented constraints are checked.
struct SecretsManagerRequest: JSONMemberReader {
    let region: String
    let now: Date
    let members: [(String, JSONValue)]

    init(region: String, now: Date, body: JSONValue) throws(SecretsManagerError) {
        guard case .object(let members) = body else { throw .serialization("Start of structure or map expected, found \(body.typeName)") }
        self.region = region
        self.now = now
        self.members = members
    }

    func mismatch(_ key: String, _ value: JSONValue, expected: JSONMemberType) -> SecretsManagerError {
        let wanted = switch expected {
        case .string: "a string"
        case .boolean: "a boolean"
        case .integer: "an integer"
        case .list: "a list"
        case .structure: "a structure"
        case .map: "a map"
        }
        return .serialization("\(key): expected \(wanted), found \(value.typeName)")
    }

    func strings(_ key: String) throws(SecretsManagerError) -> [String]? {
        guard let items = try array(key) else { return nil }
        var out: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw .serialization("\(key): expected a list of strings, found \(item.typeName)") }
            out.append(text)
        }
        return out
    }

    /// Coral's member names in messages are the model's, lower camel case (`secretId`).
    static func memberName(_ key: String) -> String {
        guard let first = key.first else { return key }
        return first.lowercased() + key.dropFirst()
    }

    // MARK: Members with constraints

    /// `SecretId` (required, 1–2048).
    func secretID() throws(SecretsManagerError) -> String {
        guard let id = try string("SecretId") else { throw .missing("secretId") }
        try checkLength("SecretId", id, 1...SecretLimits.maxSecretIDLength)
        return id
    }

    func checkLength(_ key: String, _ text: String, _ range: ClosedRange<Int>, sensitive: Bool = false) throws(SecretsManagerError) {
        let count = text.utf8.count
        guard !range.contains(count) else { return }
        let bound = count < range.lowerBound ? "greater than or equal to \(range.lowerBound)" : "less than or equal to \(range.upperBound)"
        throw .constraint(Self.memberName(key), sensitive ? nil : text, "Member must have length \(bound)")
    }

    /// `ClientRequestToken` (32–64 characters), nil when absent.
    func clientRequestToken() throws(SecretsManagerError) -> String? {
        guard let token = try string("ClientRequestToken") else { return nil }
        try checkLength("ClientRequestToken", token, SecretLimits.clientRequestTokenLength)
        return token
    }

    /// `SecretString` or `SecretBinary` (base64 in JSON), at most 65,536 bytes; nil when neither is given.
    /// Both at once: InvalidParameterException (text assumed, after the API reference's "You can't
    /// specify both a binary secret value and a string secret value in the same secret").
    func secretValue() throws(SecretsManagerError) -> SecretValue? {
        let text = try string("SecretString")
        let encoded = try string("SecretBinary")
        switch (text, encoded) {
        case (.some, .some):
            throw .invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.")
        case (.some(let text), nil):
            try checkLength("SecretString", text, 0...SecretLimits.maxValueBytes, sensitive: true)
            return .string(text)
        case (nil, .some(let encoded)):
            guard let bytes = Base64.decode(encoded) else { throw .serialization("SecretBinary: expected base64-encoded bytes") }
            guard (1...SecretLimits.maxValueBytes).contains(bytes.count) else {
                let bound = bytes.isEmpty ? "greater than or equal to 1" : "less than or equal to \(SecretLimits.maxValueBytes)"
                throw .constraint("secretBinary", nil, "Member must have length \(bound)")
            }
            return .binary(bytes)
        case (nil, nil):
            return nil
        }
    }

    /// `VersionStages`: 1–20 labels of 1–256 characters; nil when absent.
    func versionStages() throws(SecretsManagerError) -> [String]? {
        guard let stages = try strings("VersionStages") else { return nil }
        guard (1...SecretLimits.maxStagesPerVersion).contains(stages.count) else {
            let bound = stages.isEmpty ? "greater than or equal to 1" : "less than or equal to \(SecretLimits.maxStagesPerVersion)"
            throw .constraint("versionStages", nil, "Member must have length \(bound)")
        }
        for stage in stages { try checkLength("VersionStages", stage, 1...SecretLimits.maxStageLength) }
        var unique: [String] = []
        for stage in stages where !unique.contains(stage) { unique.append(stage) }
        return unique
    }

    /// `MaxResults` (1–100), nil when absent.
    func maxResults() throws(SecretsManagerError) -> Int? {
        guard let max = try int("MaxResults") else { return nil }
        guard SecretLimits.maxResults.contains(max) else {
            let bound = max < 1 ? "greater than or equal to 1" : "less than or equal to 100"
            throw .constraint("maxResults", String(max), "Member must have value \(bound)")
        }
        return max
    }

    /// `NextToken` as the position it encodes (a page offset; tokens are this emulator's own).
    func pageOffset() throws(SecretsManagerError) -> Int {
        guard let token = try string("NextToken") else { return 0 }
        guard token.utf8.count <= 4_096, let bytes = Base64.decode(token), let offset = Int(String(decoding: bytes, as: UTF8.self)), offset > 0 else {
            // Assumed text (the API reference names InvalidNextTokenException for a token it did not issue).
            throw SecretsManagerError(type: "InvalidNextTokenException", message: "The NextToken value is invalid.")
        }
        return offset
    }

    static func nextToken(_ offset: Int) -> String { Base64.encode(Array(String(offset).utf8)) }

    /// `Tags`: at most 50 `{"Key", "Value"}` (key 1–128, value 0–256).
    func tags() throws(SecretsManagerError) -> [Secret.Tag]? {
        guard let items = try array("Tags") else { return nil }
        guard items.count <= SecretLimits.maxTags else { throw .constraint("tags", nil, "Member must have length less than or equal to 50") }
        var tags: [Secret.Tag] = []
        for item in items {
            guard item.objectValue != nil else { throw .serialization("Tags: expected a list of {\"Key\", \"Value\"}, found \(item.typeName)") }
            guard let key = item["Key"]?.stringValue else { throw .missing("tags.member.key") }
            guard let value = item["Value"]?.stringValue else { throw .missing("tags.member.value") }
            try checkLength("Tags.member.Key", key, 1...128)
            try checkLength("Tags.member.Value", value, 0...256)
            tags.append(.init(key: key, value: value))
        }
        return tags
    }
}
