import DrydockCore
import EmulatorKit
import Foundation

/// The Secrets Manager part of a fixture set:
/// - `secretsmanager/<region>/<file>.json`: one secret each, in `SecretJSON`'s document format (its name
///   is `Name`, else the file name without `.json`);
/// - `secretsmanager/credentials.json` (optional): `{"accessKeys": {"<access key id>": "<secret>"}}`.
///
/// A set without a `secretsmanager` folder has no secrets.
enum SecretsManagerFixtures {
    static func load(fixturesDirectory: String, now: Date) throws(FixtureError) -> [String: [String: Secret]] {
        let root = (fixturesDirectory as NSString).appendingPathComponent("secretsmanager")
        let manager = FileManager.default
        var regions: [String: [String: Secret]] = [:]
        for region in ((try? manager.contentsOfDirectory(atPath: root)) ?? []).sorted() where !region.hasPrefix(".") {
            let folder = (root as NSString).appendingPathComponent(region)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            guard AWSJSONRequest.isRegionName(region) else { throw FixtureError(path: folder, reason: "is not named after a region (us-east-1)") }
            for file in ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted() where file.hasSuffix(".json") && !file.hasPrefix(".") {
                let path = (folder as NSString).appendingPathComponent(file)
                let json = try FixtureFile.loadJSON(path)
                let secret: Secret
                do {
                    secret = try SecretJSON.secret(json, defaultName: String(file.dropLast(5)), region: region, now: now)
                } catch {
                    throw FixtureError(path: path, reason: error.description)
                }
                guard regions[region]?[secret.name] == nil else { throw FixtureError(path: path, reason: "secret \(secret.name) is defined twice") }
                regions[region, default: [:]][secret.name] = secret
            }
        }
        return regions
    }

    static func staticKeys(fixturesDirectory: String) throws(FixtureError) -> [String: String] {
        let folder = (fixturesDirectory as NSString).appendingPathComponent("secretsmanager")
        return try FixtureFile.loadAccessKeys((folder as NSString).appendingPathComponent("credentials.json"))
    }
}
