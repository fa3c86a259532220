import DrydockCore
import Foundation

/// ListSecrets and ListSecretVersionIds, paged with this emulator's own `NextToken`s.
extension SecretsManagerEmulator {
    /// Versions newest first (order assumed); those without a label only with `IncludeDeprecated`.
    /// Allowed on a secret scheduled for deletion, as DescribeSecret is.
    func listSecretVersionIds(_ call: SecretsManagerRequest) throws(SecretsManagerError) -> JSONValue {
        let max = try call.maxResults() ?? SecretLimits.maxResults.upperBound
        let offset = try call.pageOffset()
        let includeDeprecated = try call.bool("IncludeDeprecated") ?? false
        return try withSecrets(call) { (secrets) throws(SecretsManagerError) in
            let secret = try Self.resolve(call, in: secrets)
            let versions = secret.versions.reversed().filter { includeDeprecated || !$0.stages.isEmpty }
            let (page, next) = Self.page(versions, offset: offset, max: max)
            var answer: [(String, JSONValue)] = [("Versions", .array(page.map { version in
                var members: [(String, JSONValue)] = [("VersionId", .string(version.id)), ("VersionStages", .array(version.stages.map(JSONValue.string)))]
                if let accessed = version.lastAccessedDate { members.append(("LastAccessedDate", SecretJSON.date(accessed))) }
                members.append(("CreatedDate", SecretJSON.date(version.createdDate)))
                return .object(members)
            }))]
            if let next { answer.append(("NextToken", .string(next))) }
            return (.object(answer + Self.identity(secret)), [])
        }
    }

    /// The region's secrets (not those scheduled for deletion unless `IncludePlannedDeletion`), filtered
    /// by `Filters` and ordered by creation date (`SortOrder` asc, the default here — assumed — or desc).
    func listSecrets(_ call: SecretsManagerRequest) throws(SecretsManagerError) -> JSONValue {
        let max = try call.maxResults() ?? SecretLimits.maxResults.upperBound
        let offset = try call.pageOffset()
        let includePlanned = try call.bool("IncludePlannedDeletion") ?? false
        let filters = try SecretFilter.read(call)
        let order = try call.string("SortOrder") ?? "asc"
        guard order == "asc" || order == "desc" else {
            throw .constraint("sortOrder", order, "Member must satisfy enum value set: [asc, desc]")
        }
        return try withSecrets(call) { (secrets) throws(SecretsManagerError) in
            var listed = secrets.values
                .filter { includePlanned || !$0.isScheduledForDeletion }
                .filter { secret in filters.allSatisfy { $0.matches(secret) } }
                .sorted { ($0.createdDate, $0.name) < ($1.createdDate, $1.name) }
            if order == "desc" { listed.reverse() }
            let (page, next) = Self.page(listed, offset: offset, max: max)
            var answer: [(String, JSONValue)] = [("SecretList", .array(page.map { SecretJSON.description($0, listing: true) }))]
            if let next { answer.append(("NextToken", .string(next))) }
            return (.object(answer), [])
        }
    }

    /// Items `offset..<offset+max` and the token of the next page (nil on the last).
    static func page<T>(_ items: [T], offset: Int, max: Int) -> ([T], String?) {
        guard offset < items.count else { return ([], nil) }
        let end = items.count - offset > max ? offset + max : items.count
        return (Array(items[offset..<end]), end < items.count ? SecretsManagerRequest.nextToken(end) : nil)
    }
}

/// One `Filters` entry of ListSecrets: a key and up to 10 values, each a prefix the field must start
/// with, or (starting with `!`) must not. Matching is case-sensitive (assumed); a filter matches when any
/// of its values does, and every filter must match.
struct SecretFilter {
    static let keys = ["description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all"]
    let key: String
    let values: [String]

    static func read(_ call: SecretsManagerRequest) throws(SecretsManagerError) -> [SecretFilter] {
        guard let items = try call.array("Filters") else { return [] }
        guard items.count <= 10 else { throw .constraint("filters", nil, "Member must have length less than or equal to 10") }
        var filters: [SecretFilter] = []
        for (index, item) in items.enumerated() {
            let at = "filters.\(index + 1).member"
            guard item.objectValue != nil else { throw .serialization("Filters: expected a list of {\"Key\", \"Values\"}, found \(item.typeName)") }
            guard let key = item["Key"]?.stringValue else { throw .missing(at + ".key") }
            guard keys.contains(key) else {
                throw .constraint(at + ".key", key, "Member must satisfy enum value set: [\(keys.joined(separator: ", "))]")
            }
            let values = item["Values"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard (1...10).contains(values.count) else {
                throw .constraint(at + ".values", nil, "Member must have length \(values.isEmpty ? "greater than or equal to 1" : "less than or equal to 10")")
            }
            for value in values where value.utf8.count > 512 {
                throw .constraint(at + ".values", nil, "Member must have length less than or equal to 512")
            }
            filters.append(SecretFilter(key: key, values: values))
        }
        return filters
    }

    func matches(_ secret: Secret) -> Bool {
        let fields = self.fields(of: secret)
        return values.contains { value in
            if value.hasPrefix("!") {
                let prefix = String(value.dropFirst())
                return !fields.contains { $0.hasPrefix(prefix) }
            }
            return fields.contains { $0.hasPrefix(value) }
        }
    }

    private func fields(of secret: Secret) -> [String] {
        switch key {
        case "name": return [secret.name]
        case "description": return secret.description.map { [$0] } ?? []
        case "tag-key": return secret.tags.map(\.key)
        case "tag-value": return secret.tags.map(\.value)
        case "owning-service": return secret.tags.filter { $0.key == "aws:secretsmanager:owningService" }.map(\.value)
        case "primary-region": return []
        default: return [secret.name] + (secret.description.map { [$0] } ?? []) + secret.tags.flatMap { [$0.key, $0.value] }
        }
    }
}
