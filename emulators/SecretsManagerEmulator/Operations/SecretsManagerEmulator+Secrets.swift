import DrydockCore
import Foundation

/// CreateSecret, DescribeSecret, DeleteSecret, RestoreSecret, TagResource, UntagResource.
extension SecretsManagerEmulator {
    func createSecret(_ call: SecretsManagerRequest) throws(SecretsManagerError) -> JSONValue {
        guard let name = try call.string("Name") else { throw .missing("name") }
        try call.checkLength("Name", name, 1...SecretLimits.maxNameLength)
        guard SecretIdentity.isValidName(name) else {
            // Text assumed (as AWS users quote it).
            throw .invalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!")
        }
        let token = try call.clientRequestToken()
        let value = try call.secretValue()
        let description = try call.string("Description")
        if let description { try call.checkLength("Description", description, 0...SecretLimits.maxDescriptionLength) }
        let kmsKeyID = try call.string("KmsKeyId")
        let tags = try call.tags() ?? []
        return try withSecrets(call) { (secrets) throws(SecretsManagerError) in
            if let existing = secrets[name] {
                guard !existing.isScheduledForDeletion else { throw .nameScheduledForDeletion }
                // A retried CreateSecret (same token, same value) answers as the first one did.
                if let token, let version = existing.version(id: token), version.value == value {
                    return (.object(Self.identity(existing) + [("VersionId", .string(token))]), [])
                }
                throw .secretExists(name)
            }
            var secret = Secret(
                name: name, arn: SecretIdentity.arn(name: name, region: call.region), description: description, kmsKeyID: kmsKeyID,
                tags: tags, createdDate: call.now, lastChangedDate: call.now)
            var answer = Self.identity(secret)
            if let value {
                let id = token ?? SecretIdentity.versionID()
                secret.versions = [SecretVersion(id: id, value: value, stages: [Stage.current], createdDate: call.now)]
                answer.append(("VersionId", .string(id)))
            }
            secrets[name] = secret
            return (.object(answer), [name])
        }
    }

    func describeSecret(_ call: SecretsManagerRequest) throws(SecretsManagerError) -> JSONValue {
        try withSecrets(call) { (secrets) throws(SecretsManagerError) in
            (SecretJSON.description(try Self.resolve(call, in: secrets), listing: false), [])
        }
    }

    /// Schedules the deletion (or, with `ForceDeleteWithoutRecovery`, deletes now). Texts: "You can't use
    /// ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays." is AWS's (quoted by every
    /// emulator and in AWS users' reports); the range text is moto's (assumed). A forced delete of a secret
    /// that does not exist succeeds, as AWS answers it (assumed from moto, which copies that behaviour).
    func deleteSecret(_ call: SecretsManagerRequest) throws(SecretsManagerError) -> JSONValue {
        let window = try call.int("RecoveryWindowInDays")
        let force = try call.bool("ForceDeleteWithoutRecovery") ?? false
        if force, window != nil {
            throw .invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")
        }
        if let window, !SecretLimits.recoveryWindow.contains(window) {
            throw .invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")
        }
        let secretID = try call.secretID()
        return try withSecrets(call) { (secrets) throws(SecretsManagerError) in
            guard let name = SecretIdentity.resolve(secretID, in: secrets, region: call.region), var secret = secrets[name] else {
                guard force, !secretID.hasPrefix("arn:") else { throw .secretNotFound }
                let arn = SecretIdentity.arn(name: secretID, region: call.region)
                return (.object([("ARN", .string(arn)), ("Name", .string(secretID)), ("DeletionDate", SecretJSON.date(call.now))]), [])
            }
            if force {
                secrets[name] = nil
                return (.object(Self.identity(secret) + [("DeletionDate", SecretJSON.date(call.now))]), [name])
            }
            guard !secret.isScheduledForDeletion else { throw .markedForDeletion }
            let days = window ?? SecretLimits.defaultRecoveryWindow
            secret.deletedDate = call.now
            let deletion = call.now.addingTimeInterval(Double(days) * 86_400)
            secret.deletionDate = deletion
            scheduled(deletion: deletion)
            secrets[name] = secret
            return (.object(Self.identity(secret) + [("DeletionDate", SecretJSON.date(deletion))]), [name])
        }
    }

    /// Cancels a scheduled deletion; a secret that is not scheduled for deletion is answered as is.
    func restoreSecret(_ call: SecretsManagerRequest) throws(SecretsManagerError) -> JSONValue {
        try withSecrets(call) { (secrets) throws(SecretsManagerError) in
            var secret = try Self.resolve(call, in: secrets)
            let name = secret.name
            guard secret.isScheduledForDeletion else { return (.object(Self.identity(secret)), []) }
            secret.deletedDate = nil
            secret.deletionDate = nil
            secrets[name] = secret
            return (.object(Self.identity(secret)), [name])
        }
    }

    /// Adds or replaces tags (a key given again takes the new value); at most 50 on a secret.
    func tagResource(_ call: SecretsManagerRequest) throws(SecretsManagerError) -> JSONValue {
        guard let tags = try call.tags() else { throw .missing("tags") }
        return try withSecrets(call) { (secrets) throws(SecretsManagerError) in
            var secret = try Self.resolve(call, in: secrets)
            let name = secret.name
            guard !secret.isScheduledForDeletion else { throw .markedForDeletion }
            for tag in tags {
                if let index = secret.tags.firstIndex(where: { $0.key == tag.key }) { secret.tags[index] = tag } else { secret.tags.append(tag) }
            }
            guard secret.tags.count <= SecretLimits.maxTags else {
                // Assumed text (the quota of 50 tags per secret).
                throw SecretsManagerError(type: "LimitExceededException", message: "The request failed because it would exceed the maximum of 50 tags on the secret.")
            }
            secret.lastChangedDate = call.now
            secrets[name] = secret
            return (.object([]), [name])
        }
    }

    func untagResource(_ call: SecretsManagerRequest) throws(SecretsManagerError) -> JSONValue {
        guard let keys = try call.strings("TagKeys") else { throw .missing("tagKeys") }
        return try withSecrets(call) { (secrets) throws(SecretsManagerError) in
            var secret = try Self.resolve(call, in: secrets)
            let name = secret.name
            guard !secret.isScheduledForDeletion else { throw .markedForDeletion }
            secret.tags.removeAll { keys.contains($0.key) }
            secret.lastChangedDate = call.now
            secrets[name] = secret
            return (.object([]), [name])
        }
    }
}
