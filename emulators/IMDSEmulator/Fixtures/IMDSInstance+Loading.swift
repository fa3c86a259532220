import DrydockCore
import EmulatorKit
import Foundation

extension IMDSInstance {
    /// The fields `instance.json` may hold; anything else is rejected (catches typos).
    static let fixtureFields = [
        "instance_id", "instance_type", "ami_id", "region", "availability_zone", "local_ipv4", "hostname",
        "architecture", "role", "account_id", "credential_lifetime_seconds", "rotation_before_expiry_seconds", "imdsv1",
    ]

    /// Loads `<fixturesDirectory>/imds/instance.json`. A fixture set without an `imds/` directory gets
    /// `IMDSInstance.defaults`; an `imds/` directory without `instance.json`, bad JSON, an unknown field
    /// or a value of the wrong type or range throws a `FixtureError` naming the file and the field.
    public static func load(fixturesDirectory: String) throws(FixtureError) -> IMDSInstance {
        let directory = fixturesDirectory + "/imds"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .defaults
        }
        let path = directory + "/instance.json"
        return try parse(try FixtureFile.loadJSON(path), path: path)
    }

    /// Reads an `instance.json` document; `path` names the file in errors.
    public static func parse(_ json: JSONValue, path: String) throws(FixtureError) -> IMDSInstance {
        guard let members = json.objectValue else {
            throw FixtureError(path: path, reason: "expected a JSON object, got \(json.typeName)")
        }
        for (key, _) in members where !fixtureFields.contains(key) {
            throw FixtureError(path: path, reason: "unknown field \"\(key)\"; instance.json has the fields \(fixtureFields.joined(separator: ", "))")
        }
        func string(_ key: String) throws(FixtureError) -> String? {
            guard let value = json[key], !value.isNull else { return nil }
            guard let text = value.stringValue, !text.isEmpty else {
                throw FixtureError(path: path, reason: "\(key): expected a non-empty string, got \(value.typeName)")
            }
            return text
        }
        func seconds(_ key: String, _ range: ClosedRange<Int>) throws(FixtureError) -> TimeInterval? {
            guard let value = json[key], !value.isNull else { return nil }
            guard let number = value.intValue, range.contains(number) else {
                throw FixtureError(path: path, reason: "\(key): expected whole seconds in \(range.lowerBound)...\(range.upperBound), got \(value.serialized())")
            }
            return TimeInterval(number)
        }

        var instance = IMDSInstance.defaults
        instance.instanceID = try string("instance_id") ?? instance.instanceID
        instance.instanceType = try string("instance_type") ?? instance.instanceType
        instance.amiID = try string("ami_id") ?? instance.amiID
        instance.region = try string("region") ?? instance.region
        instance.availabilityZone = try string("availability_zone") ?? instance.availabilityZone
        instance.localIPv4 = try string("local_ipv4") ?? instance.localIPv4
        instance.hostname = try string("hostname") ?? instance.hostname
        instance.architecture = try string("architecture") ?? instance.architecture
        instance.accountID = try string("account_id") ?? instance.accountID
        if let role = json["role"] {
            // `"role": null` serves an instance without an instance profile.
            instance.role = role.isNull ? nil : try string("role")
        }
        // 15 minutes to 12 hours: the session durations IAM allows for role credentials.
        instance.credentialLifetime = try seconds("credential_lifetime_seconds", 900...43_200) ?? instance.credentialLifetime
        instance.rotationBeforeExpiry = try seconds("rotation_before_expiry_seconds", 0...43_200) ?? instance.rotationBeforeExpiry
        guard instance.rotationBeforeExpiry < instance.credentialLifetime else {
            throw FixtureError(path: path, reason: "rotation_before_expiry_seconds (\(Int(instance.rotationBeforeExpiry))) must be less than credential_lifetime_seconds (\(Int(instance.credentialLifetime)))")
        }
        if let flag = json["imdsv1"], !flag.isNull {
            guard let allowed = flag.boolValue else {
                throw FixtureError(path: path, reason: "imdsv1: expected true or false, got \(flag.serialized())")
            }
            instance.imdsV1Allowed = allowed
        }
        return instance
    }
}
