import DrydockCore
import Foundation

/// Direct access for tests and tools: seeding a secret and reading a value without going through HTTP
/// (nothing here is journalled or subject to fault rules; a seed is persisted like any write).
extension SecretsManagerEmulator {
    /// Makes `secretString` the AWSCURRENT value of secret `name` in `region`: CreateSecret when there is
    /// no such secret, else PutSecretValue (the previous value becomes AWSPREVIOUS). Returns the new
    /// version's id.
    ///
    /// - Throws: `SecretsManagerError` as those operations answer (an invalid name, a secret scheduled
    ///   for deletion, a value over 65,536 bytes).
    @discardableResult
    public func seedSecret(name: String, secretString: String, region: String = "us-east-1") throws(SecretsManagerError) -> String {
        let exists = state.withLock { $0.regions[region]?[name] != nil }
        let body: JSONValue = .object([(exists ? "SecretId" : "Name", .string(name)), ("SecretString", .string(secretString))])
        let call = try SecretsManagerRequest(region: region, now: clock.now(), body: body)
        let answer = exists ? try putSecretValue(call) : try createSecret(call)
        return answer["VersionId"]?.stringValue ?? ""
    }

    /// The SecretString of secret `name`'s version carrying `stage` in `region`; nil when there is none
    /// (no such secret or label, a binary value).
    public func secretString(name: String, region: String = "us-east-1", stage: String = "AWSCURRENT") -> String? {
        state.withLock { state in
            guard case .string(let text)? = state.regions[region]?[name]?.version(stage: stage)?.value else { return nil }
            return text
        }
    }

    /// The staging labels of every version of secret `name` (version id → labels, deprecated versions
    /// with none), for assertions on stage movement.
    public func versionStages(name: String, region: String = "us-east-1") -> [String: [String]] {
        state.withLock { state in
            Dictionary(uniqueKeysWithValues: (state.regions[region]?[name]?.versions ?? []).map { ($0.id, $0.stages) })
        }
    }
}
