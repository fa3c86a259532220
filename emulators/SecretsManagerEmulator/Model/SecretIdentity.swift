import DrydockCrypto
import Foundation

/// Secret names, ARNs and version ids: how Secrets Manager makes them and how a `SecretId` finds a secret.
enum SecretIdentity {
    static let accountID = "123456789012"
    private static let suffixAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

    /// The partition of `region` (`aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`).
    static func partition(_ region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    /// The ARN prefix of every secret in `region`: `arn:aws:secretsmanager:<region>:<account>:secret:`.
    static func arnPrefix(region: String) -> String {
        "arn:\(partition(region)):secretsmanager:\(region):\(accountID):secret:"
    }

    /// `<prefix><name>-<6 random characters>`, as AWS makes them; `seed` gives a fixture a stable suffix.
    static func arn(name: String, region: String, seed: String? = nil) -> String {
        let bytes = seed.map { Array(SHA256.hash(Array($0.utf8)).prefix(6)) } ?? SecureRandom.bytes(6)
        let suffix = String(decoding: bytes.map { suffixAlphabet[Int($0) % suffixAlphabet.count] }, as: UTF8.self)
        return arnPrefix(region: region) + name + "-" + suffix
    }

    /// A random version id (UUID v4 form), or a stable one derived from `seed` (fixtures).
    static func versionID(seed: String? = nil) -> String {
        var bytes = seed.map { Array(SHA256.hash(Array($0.utf8)).prefix(16)) } ?? SecureRandom.bytes(16)
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.encode(bytes)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    /// Whether `name` is a valid secret name: 1–512 of ASCII letters, digits and `/_+=.@-`.
    static func isValidName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard !bytes.isEmpty, bytes.count <= SecretLimits.maxNameLength else { return false }
        return bytes.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || Array("/_+=.@-".utf8).contains(byte)
        }
    }

    /// The name a `SecretId` finds in `secrets`: a name, a full ARN, or a partial ARN (the ARN without
    /// its `-xxxxxx` suffix). An ARN of another region or account finds nothing.
    static func resolve(_ secretID: String, in secrets: [String: Secret], region: String) -> String? {
        let prefix = arnPrefix(region: region)
        if secretID.hasPrefix("arn:") {
            guard secretID.hasPrefix(prefix) else { return nil }
            let rest = String(secretID.dropFirst(prefix.count))
            if let secret = secrets[rest] { return secret.name }
            // A full ARN: the name is what comes before the last `-xxxxxx`.
            if let dash = rest.lastIndex(of: "-"), let secret = secrets[String(rest[..<dash])], secret.arn == secretID { return secret.name }
            return nil
        }
        return secrets[secretID] == nil ? nil : secretID
    }
}
