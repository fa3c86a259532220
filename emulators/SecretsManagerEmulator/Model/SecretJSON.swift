import DrydockCore
import DrydockCrypto
import Foundation

/// Secrets in JSON: the response members Secrets Manager answers with, and the document format of fixture
/// files and data-directory snapshots.
///
/// The document format (every member but `Name` optional; a fixture's name defaults to its file name):
/// ```json
/// {"Name": "drydock/google-token", "ARN": "arn:aws:secretsmanager:…:secret:drydock/google-token-AbCdEf",
///  "Description": "…", "KmsKeyId": "…", "Tags": [{"Key": "team", "Value": "ops"}],
///  "CreatedDate": 1764115200.5, "LastChangedDate": 1764115200.5, "DeletedDate": …, "DeletionDate": …,
///  "SecretString": "…"  (or "SecretBinary": "<base64>": one version labelled AWSCURRENT)
///  "Versions": [{"VersionId": "…", "SecretString": "…", "VersionStages": ["AWSCURRENT"], "CreatedDate": …}]}
/// ```
enum SecretJSON {
    /// Epoch seconds with milliseconds, as Secrets Manager's timestamps (botocore reads them as seconds).
    static func date(_ date: Date) -> JSONValue {
        let millis = Int64((max(0, date.timeIntervalSince1970) * 1000).rounded())
        let fraction = String(millis % 1000)
        return .number("\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)")
    }

    static func value(_ value: SecretValue) -> (String, JSONValue) {
        switch value {
        case .string(let text): return ("SecretString", .string(text))
        case .binary(let bytes): return ("SecretBinary", .string(Base64.encode(bytes)))
        }
    }

    static func tags(_ tags: [Secret.Tag]) -> JSONValue {
        .array(tags.map { .object([("Key", .string($0.key)), ("Value", .string($0.value))]) })
    }

    /// `{"<version id>": ["AWSCURRENT"], …}` for the versions that carry a label.
    static func versionsToStages(_ secret: Secret) -> JSONValue {
        .object(secret.versions.filter { !$0.stages.isEmpty }.map { ($0.id, .array($0.stages.map(JSONValue.string))) })
    }

    /// DescribeSecret's answer, and (with `SecretVersionsToStages`) one entry of ListSecrets.
    static func description(_ secret: Secret, listing: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [("ARN", .string(secret.arn)), ("Name", .string(secret.name))]
        if let description = secret.description { members.append(("Description", .string(description))) }
        if let key = secret.kmsKeyID { members.append(("KmsKeyId", .string(key))) }
        members.append(("LastChangedDate", date(secret.lastChangedDate)))
        if let accessed = secret.lastAccessedDate { members.append(("LastAccessedDate", date(accessed))) }
        if let deleted = secret.deletedDate { members.append(("DeletedDate", date(deleted))) }
        if !secret.tags.isEmpty { members.append(("Tags", tags(secret.tags))) }
        if !secret.versions.isEmpty { members.append((listing ? "SecretVersionsToStages" : "VersionIdsToStages", versionsToStages(secret))) }
        members.append(("CreatedDate", date(secret.createdDate)))
        return .object(members)
    }

    // MARK: Documents (fixtures and snapshots)

    static func document(_ secret: Secret) -> JSONValue {
        var members: [(String, JSONValue)] = [("Name", .string(secret.name)), ("ARN", .string(secret.arn))]
        if let description = secret.description { members.append(("Description", .string(description))) }
        if let key = secret.kmsKeyID { members.append(("KmsKeyId", .string(key))) }
        if !secret.tags.isEmpty { members.append(("Tags", tags(secret.tags))) }
        members.append(("CreatedDate", date(secret.createdDate)))
        members.append(("LastChangedDate", date(secret.lastChangedDate)))
        if let deleted = secret.deletedDate { members.append(("DeletedDate", date(deleted))) }
        if let deletion = secret.deletionDate { members.append(("DeletionDate", date(deletion))) }
        members.append(("Versions", .array(secret.versions.map { version in
            .object([("VersionId", .string(version.id)), value(version.value),
                     ("VersionStages", .array(version.stages.map(JSONValue.string))), ("CreatedDate", date(version.createdDate))])
        })))
        return .object(members)
    }

    /// A secret from its document; `defaultName` (a fixture's file name) when it has no `Name`. Errors
    /// name the member that is wrong.
    static func secret(_ json: JSONValue, defaultName: String?, region: String, now: Date) throws(DocumentError) -> Secret {
        guard json.objectValue != nil else { throw DocumentError("expected a JSON object") }
        guard let name = json["Name"]?.stringValue ?? defaultName, SecretIdentity.isValidName(name) else {
            throw DocumentError("Name: expected 1-512 of letters, digits and /_+=.@-")
        }
        let created = try dateMember(json, "CreatedDate") ?? now
        var secret = Secret(
            name: name, arn: json["ARN"]?.stringValue ?? SecretIdentity.arn(name: name, region: region, seed: region + "/" + name),
            description: json["Description"]?.stringValue, kmsKeyID: json["KmsKeyId"]?.stringValue,
            createdDate: created, lastChangedDate: try dateMember(json, "LastChangedDate") ?? created)
        guard secret.arn.hasPrefix(SecretIdentity.arnPrefix(region: region) + name + "-") else {
            throw DocumentError("ARN: expected \(SecretIdentity.arnPrefix(region: region))\(name)-xxxxxx")
        }
        secret.deletedDate = try dateMember(json, "DeletedDate")
        secret.deletionDate = try dateMember(json, "DeletionDate")
        if secret.deletedDate != nil, secret.deletionDate == nil {
            secret.deletionDate = secret.deletedDate?.addingTimeInterval(Double(SecretLimits.defaultRecoveryWindow) * 86_400)
        }
        for (index, tag) in (json["Tags"]?.arrayValue ?? []).enumerated() {
            guard let key = tag["Key"]?.stringValue, let value = tag["Value"]?.stringValue else { throw DocumentError("Tags[\(index)]: expected {\"Key\", \"Value\"}") }
            secret.tags.append(.init(key: key, value: value))
        }
        if let short = try versionValue(json, at: "") {
            secret.versions = [SecretVersion(id: SecretIdentity.versionID(seed: secret.arn), value: short, stages: [Stage.current], createdDate: created)]
        }
        for (index, version) in (json["Versions"]?.arrayValue ?? []).enumerated() {
            let at = "Versions[\(index)]."
            guard let value = try versionValue(version, at: at) else { throw DocumentError(at + "SecretString: expected SecretString or SecretBinary") }
            let stages = version["VersionStages"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let id = version["VersionId"]?.stringValue ?? SecretIdentity.versionID(seed: "\(secret.arn)#\(index)")
            guard secret.version(id: id) == nil else { throw DocumentError(at + "VersionId: \(id) is listed twice") }
            for stage in stages where secret.version(stage: stage) != nil { throw DocumentError(at + "VersionStages: \(stage) is on two versions") }
            secret.versions.append(SecretVersion(id: id, value: value, stages: stages, createdDate: try dateMember(version, "CreatedDate") ?? created))
        }
        return secret
    }

    private static func versionValue(_ json: JSONValue, at path: String) throws(DocumentError) -> SecretValue? {
        if let text = json["SecretString"]?.stringValue {
            guard text.utf8.count <= SecretLimits.maxValueBytes else { throw DocumentError(path + "SecretString: longer than 65,536 bytes") }
            return .string(text)
        }
        guard let encoded = json["SecretBinary"]?.stringValue else { return nil }
        guard let bytes = Base64.decode(encoded), !bytes.isEmpty, bytes.count <= SecretLimits.maxValueBytes else {
            throw DocumentError(path + "SecretBinary: expected base64 of 1 to 65,536 bytes")
        }
        return .binary(bytes)
    }

    private static func dateMember(_ json: JSONValue, _ key: String) throws(DocumentError) -> Date? {
        guard let value = json[key], !value.isNull else { return nil }
        guard let seconds = value.doubleValue, seconds.isFinite, seconds >= 0, seconds < 1e11 else { throw DocumentError("\(key): expected epoch seconds") }
        return Date(timeIntervalSince1970: seconds)
    }

    struct DocumentError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
