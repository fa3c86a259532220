import DrydockCore
import Foundation

/// GetSecretValue, PutSecretValue, UpdateSecretVersionStage.
extension SecretsManagerEmulator {
    /// The version `VersionId` or `VersionStage` names (AWSCURRENT by default). Both given must agree
    /// (InvalidRequestException, moto's text — assumed).
    func getSecretValue(_ call: SecretsManagerRequest) throws(SecretsManagerError) -> JSONValue {
        let versionID = try call.string("VersionId")
        if let versionID { try call.checkLength("VersionId", versionID, SecretLimits.clientRequestTokenLength) }
        let stage = try call.string("VersionStage")
        if let stage { try call.checkLength("VersionStage", stage, 1...SecretLimits.maxStageLength) }
        return try withSecrets(call) { (secrets) throws(SecretsManagerError) in
            var secret = try Self.resolve(call, in: secrets)
            guard !secret.isScheduledForDeletion else { throw .markedForDeletion }
            let version: SecretVersion
            if let versionID {
                guard let found = secret.version(id: versionID) else { throw .noValue(versionID: versionID) }
                if let stage, !found.stages.contains(stage) {
                    throw .invalidRequest("You provided a VersionStage that is not associated to the provided VersionId.")
                }
                version = found
            } else {
                let label = stage ?? Stage.current
                guard let found = secret.version(stage: label) else { throw .noValue(stage: label) }
                version = found
            }
            // Secrets Manager reports the day of the last access, not the time (not logged: a read).
            let day = Date(timeIntervalSince1970: (call.now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
            secret.lastAccessedDate = day
            if let index = secret.versions.firstIndex(where: { $0.id == version.id }) { secret.versions[index].lastAccessedDate = day }
            secrets[secret.name] = secret
            let answer: [(String, JSONValue)] = Self.identity(secret) + [
                ("VersionId", .string(version.id)), SecretJSON.value(version.value),
                ("VersionStages", .array(version.stages.map(JSONValue.string))), ("CreatedDate", SecretJSON.date(version.createdDate)),
            ]
            return (.object(answer), [])
        }
    }

    /// A new version with `VersionStages` (AWSCURRENT by default; the first version always gets it).
    /// A `ClientRequestToken` that names an existing version is idempotent when the value is the same and
    /// ResourceExistsException otherwise, as the API reference documents.
    func putSecretValue(_ call: SecretsManagerRequest) throws(SecretsManagerError) -> JSONValue {
        let token = try call.clientRequestToken()
        guard let value = try call.secretValue() else {
            // Assumed text: the API reference requires one of the two.
            throw .invalidParameter("You must provide either SecretString or SecretBinary.")
        }
        let stages = try call.versionStages()
        return try withSecrets(call) { (secrets) throws(SecretsManagerError) in
            var secret = try Self.resolve(call, in: secrets)
            guard !secret.isScheduledForDeletion else { throw .markedForDeletion }
            if let token, let existing = secret.version(id: token) {
                guard existing.value == value else { throw .tokenInUse(token, arn: secret.arn) }
                return (Self.versionAnswer(secret, existing), [])
            }
            let id = token ?? SecretIdentity.versionID()
            var labels = stages ?? [Stage.current]
            if secret.versions.isEmpty, !labels.contains(Stage.current) { labels.append(Stage.current) }
            secret.versions.append(SecretVersion(id: id, value: value, stages: [], createdDate: call.now))
            secret.attach(labels, to: id)
            guard secret.pruneDeprecatedVersions(now: call.now) else {
                // Assumed text: more than 100 versions, every extra one labelled or created in the last 24 hours.
                throw SecretsManagerError(
                    type: "LimitExceededException",
                    message: "The request failed because it would exceed the maximum number of versions (100) for the secret.")
            }
            secret.lastChangedDate = call.now
            secrets[secret.name] = secret
            return (Self.versionAnswer(secret, secret.version(id: id)), [secret.name])
        }
    }

    private static func versionAnswer(_ secret: Secret, _ version: SecretVersion?) -> JSONValue {
        .object(identity(secret) + [
            ("VersionId", .string(version?.id ?? "")), ("VersionStages", .array((version?.stages ?? []).map(JSONValue.string))),
        ])
    }

    /// Moves `VersionStage` to `MoveToVersionId` and/or off `RemoveFromVersionId`. A label attached to
    /// another version than the target must be named in RemoveFromVersionId: AWS's text for AWSCURRENT
    /// is confirmed (Terraform's changelog quotes it) and used for every label. The other texts are
    /// moto's or assumed.
    func updateSecretVersionStage(_ call: SecretsManagerRequest) throws(SecretsManagerError) -> JSONValue {
        guard let stage = try call.string("VersionStage") else { throw .missing("versionStage") }
        try call.checkLength("VersionStage", stage, 1...SecretLimits.maxStageLength)
        let moveTo = try call.string("MoveToVersionId")
        let removeFrom = try call.string("RemoveFromVersionId")
        if let moveTo { try call.checkLength("MoveToVersionId", moveTo, SecretLimits.clientRequestTokenLength) }
        if let removeFrom { try call.checkLength("RemoveFromVersionId", removeFrom, SecretLimits.clientRequestTokenLength) }
        return try withSecrets(call) { (secrets) throws(SecretsManagerError) in
            var secret = try Self.resolve(call, in: secrets)
            guard !secret.isScheduledForDeletion else { throw .markedForDeletion }
            for id in [moveTo, removeFrom].compactMap({ $0 }) where secret.version(id: id) == nil {
                throw .invalidParameter("Not a valid version: \(id)")
            }
            let holder = secret.version(stage: stage)?.id
            if let removeFrom {
                guard holder == removeFrom else {
                    throw .invalidParameter("The staging label \(stage) is not attached to version \(removeFrom), so you can't remove it from that version.")
                }
                if moveTo == nil, stage == Stage.current {
                    throw .invalidParameter("You can't remove the staging label AWSCURRENT without moving it to another version in MoveToVersionId.")
                }
            } else if let holder, holder != moveTo {
                throw .invalidParameter(
                    "The parameter RemoveFromVersionId can't be empty. Staging label \(stage) is currently attached to version \(holder), so you must explicitly reference that version in RemoveFromVersionId.")
            }
            if let moveTo {
                secret.attach([stage], to: moveTo)
            } else if let removeFrom {
                secret.remove(stage, from: removeFrom)
            }
            _ = secret.pruneDeprecatedVersions(now: call.now)
            secret.lastChangedDate = call.now
            secrets[secret.name] = secret
            return (.object(Self.identity(secret)), [secret.name])
        }
    }
}
