import DrydockCore
import DrydockCrypto
import EmulatorKit
import Foundation

/// The CloudFront part of a fixture set:
/// - `cloudfront/distributions.json`: `{"accountId": "123456789012", "distributions": [{"id": "E…",
///   "domainName": "d….cloudfront.net", "origin": "bucket.s3.us-east-1.amazonaws.com", "aliases": [],
///   "comment": "…", "enabled": true, "priceClass": "PriceClass_All"}]}` (only `id` and `origin` are
///   required);
/// - `cloudfront/credentials.json` (optional): `{"accessKeys": {"<access key id>": "<secret>"}}`.
///
/// A set without a `cloudfront` folder has no distributions.
enum CloudFrontFixtures {
    static func distributions(fixturesDirectory: String, now: Date) throws(FixtureError) -> [String: CloudFrontDistribution] {
        let path = ((fixturesDirectory as NSString).appendingPathComponent("cloudfront") as NSString).appendingPathComponent("distributions.json")
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let document = try FixtureFile.loadJSON(path)
        let account = document["accountId"]?.stringValue ?? "123456789012"
        guard let list = document["distributions"]?.arrayValue else {
            throw FixtureError(path: path, reason: "expected {\"distributions\": [...]}")
        }
        var distributions: [String: CloudFrontDistribution] = [:]
        for (index, entry) in list.enumerated() {
            let at = "distributions[\(index)]"
            guard let id = entry["id"]?.stringValue, !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
                throw FixtureError(path: path, reason: "\(at).id: expected an id of upper-case letters and digits (E2QWRUHAPOMQZL)")
            }
            guard let origin = entry["origin"]?.stringValue, !origin.isEmpty else {
                throw FixtureError(path: path, reason: "\(at).origin: expected the origin's domain name")
            }
            guard distributions[id] == nil else { throw FixtureError(path: path, reason: "\(at): distribution \(id) is listed twice") }
            let aliases = entry["aliases"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let comment = entry["comment"]?.stringValue ?? ""
            distributions[id] = CloudFrontDistribution(
                id: id, domainName: entry["domainName"]?.stringValue ?? "d\(id.lowercased()).cloudfront.net", aliases: aliases,
                originDomainName: origin, originID: entry["originId"]?.stringValue ?? origin, comment: comment,
                enabled: entry["enabled"]?.boolValue ?? true, priceClass: entry["priceClass"]?.stringValue ?? "PriceClass_All",
                callerReference: entry["callerReference"]?.stringValue ?? "drydock-fixture-\(id)", lastModified: now,
                etag: "E" + Hex.encode(Array(SHA256.hash(Array((id + origin + comment).utf8)).prefix(6))).uppercased(), accountID: account)
        }
        return distributions
    }

    static func staticKeys(fixturesDirectory: String) throws(FixtureError) -> [String: String] {
        let path = ((fixturesDirectory as NSString).appendingPathComponent("cloudfront") as NSString).appendingPathComponent("credentials.json")
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        guard let keys = try FixtureFile.loadJSON(path)["accessKeys"]?.objectValue else {
            throw FixtureError(path: path, reason: "expected {\"accessKeys\": {\"<access key id>\": \"<secret>\"}}")
        }
        var result: [String: String] = [:]
        for (id, secret) in keys {
            guard let secret = secret.stringValue else { throw FixtureError(path: path, reason: "accessKeys.\(id): expected a string") }
            result[id] = secret
        }
        return result
    }
}
