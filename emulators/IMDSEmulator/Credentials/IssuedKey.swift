import DrydockCrypto
import Foundation

/// One set of temporary role credentials the metadata service handed out.
public struct IssuedKey: Sendable, Equatable {
    /// `ASIA` + 16 uppercase letters and digits, like STS temporary access key ids.
    public let accessKeyID: String
    /// 40 characters of `[A-Za-z0-9+/]`, like real secret access keys.
    public let secretAccessKey: String
    /// A long base64 session token (`IQoJb3JpZ2luX2Vj…`, as STS tokens begin).
    public let sessionToken: String
    /// When the key was issued (`LastUpdated`).
    public let issuedAt: Date
    /// When the key stops working (`Expiration`). `expireIssuedTokens()` moves it to "now".
    public internal(set) var expiration: Date

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String, issuedAt: Date, expiration: Date) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.issuedAt = issuedAt
        self.expiration = expiration
    }

    /// Whether the key no longer works at `date` (expiration is exclusive: expired at the instant).
    public func isExpired(at date: Date) -> Bool { date >= expiration }

    /// A fresh key from `random`, valid from `issuedAt` until `expiration`.
    static func generate(_ random: IMDSRandom, issuedAt: Date, expiration: Date) -> IssuedKey {
        IssuedKey(
            accessKeyID: "ASIA" + random.characters(16, from: IMDSRandom.upperAlphanumerics),
            secretAccessKey: random.characters(40, from: IMDSRandom.secretAlphabet),
            // Real tokens start with the base64 of "!\n\torigin_ec" (a protobuf-ish header) and run to
            // 1000+ characters; 720 random bytes give 960 more base64 characters.
            sessionToken: "IQoJb3JpZ2luX2Vj" + Base64.encode(random.bytes(720)),
            issuedAt: issuedAt, expiration: expiration)
    }
}
