import DrydockCore
import Foundation

extension SecretsManagerEmulator {
    /// Runs `body` on the call's region's secrets under the lock, after purging the secrets whose recovery
    /// window has passed. `body` makes its changes last, after every check that may throw (the region's
    /// dictionary is handed over, not copied, so a change made before a throw would stay). With a data
    /// directory, the secrets it reports `changed` are logged durably before the answer is returned; a log
    /// that cannot be written answers `InternalServiceError` (the change is in memory but not durable; SDKs
    /// retry a 500).
    func withSecrets<T>(
        _ call: SecretsManagerRequest, _ body: (inout [String: Secret]) throws(SecretsManagerError) -> (T, changed: [String])
    ) throws(SecretsManagerError) -> T {
        try state.withLock { (state) throws(SecretsManagerError) -> T in
            do {
                _ = try purgeExpired(&state, now: call.now)
            } catch {
                throw .internalError
            }
            // Taken out while `body` runs, so changing one secret does not copy the whole region.
            var secrets = state.regions.removeValue(forKey: call.region) ?? [:]
            let answer: T
            let changed: [String]
            do throws(SecretsManagerError) {
                (answer, changed) = try body(&secrets)
            } catch {
                state.regions[call.region] = secrets.isEmpty ? nil : secrets
                throw error
            }
            state.regions[call.region] = secrets.isEmpty ? nil : secrets
            guard let store, !changed.isEmpty else { return answer }
            do {
                for name in changed {
                    try store.append(SecretsManagerDataStore.record(region: call.region, name: name, secret: secrets[name])) {
                        SecretsManagerDataStore.snapshotFiles(state.regions)
                    }
                }
            } catch {
                FileHandle.standardError.write(Data("secretsmanager: change not persisted: \(error)\n".utf8))
                throw .internalError
            }
            return answer
        }
    }

    /// Removes every secret whose deletion date is at or before `now` (every region), logging each
    /// removal; returns what was removed.
    func purgeExpired(_ state: inout State, now: Date) throws -> [(region: String, name: String)] {
        guard Self.millis(now) >= nextPurgeMillis.load(ordering: .relaxed) else { return [] }
        var purged: [(region: String, name: String)] = []
        var next = Int64.max
        for (region, secrets) in state.regions {
            for (name, secret) in secrets {
                guard let deletion = secret.deletionDate else { continue }
                guard deletion <= now else {
                    next = min(next, Self.millis(deletion))
                    continue
                }
                state.regions[region]?[name] = nil
                purged.append((region, name))
            }
            if state.regions[region]?.isEmpty == true { state.regions[region] = nil }
        }
        nextPurgeMillis.store(next, ordering: .relaxed)
        guard let store else { return purged }
        for (region, name) in purged {
            try store.append(SecretsManagerDataStore.record(region: region, name: name, secret: nil)) {
                SecretsManagerDataStore.snapshotFiles(state.regions)
            }
        }
        return purged
    }

    /// A deletion scheduled at `date` (under the state lock): the next purge check is due by then.
    func scheduled(deletion date: Date) {
        nextPurgeMillis.store(min(nextPurgeMillis.load(ordering: .relaxed), Self.millis(date)), ordering: .relaxed)
    }

    static func millis(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded(.down)
        return value.isFinite ? Int64(max(-9e15, min(9e15, value))) : 0
    }

    /// The secret `SecretId` finds, or ResourceNotFoundException.
    static func resolve(_ call: SecretsManagerRequest, in secrets: [String: Secret]) throws(SecretsManagerError) -> Secret {
        guard let name = SecretIdentity.resolve(try call.secretID(), in: secrets, region: call.region), let secret = secrets[name] else {
            throw .secretNotFound
        }
        return secret
    }

    /// `ARN` and `Name`, the start of most answers.
    static func identity(_ secret: Secret) -> [(String, JSONValue)] {
        [("ARN", .string(secret.arn)), ("Name", .string(secret.name))]
    }
}
