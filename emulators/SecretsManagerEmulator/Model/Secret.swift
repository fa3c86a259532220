import Foundation

/// One secret: its identity, metadata and versions, as Secrets Manager keeps them.
struct Secret: Sendable, Equatable {
    var name: String
    var arn: String
    var description: String?
    var kmsKeyID: String?
    var tags: [Tag] = []
    /// In creation order.
    var versions: [SecretVersion] = []
    var createdDate: Date
    var lastChangedDate: Date
    /// The day (UTC midnight) of the last GetSecretValue, as Secrets Manager reports it; not persisted.
    var lastAccessedDate: Date?
    /// When DeleteSecret scheduled the deletion; nil when the secret is not scheduled for deletion.
    var deletedDate: Date?
    /// When the scheduled deletion happens (the end of the recovery window).
    var deletionDate: Date?

    struct Tag: Sendable, Equatable {
        var key: String
        var value: String
    }

    var isScheduledForDeletion: Bool { deletedDate != nil }

    func version(id: String) -> SecretVersion? { versions.first { $0.id == id } }

    func version(stage: String) -> SecretVersion? { versions.first { $0.stages.contains(stage) } }

    /// Attaches each of `stages` to version `id`, taking it off whichever version had it. Moving
    /// AWSCURRENT away from a version moves AWSPREVIOUS to that version (and off any other), as the API
    /// reference documents for PutSecretValue and UpdateSecretVersionStage.
    mutating func attach(_ stages: [String], to id: String) {
        for stage in stages {
            if stage == Stage.current, let holder = version(stage: Stage.current), holder.id != id {
                remove(Stage.current, from: holder.id)
                for index in versions.indices { versions[index].stages.removeAll { $0 == Stage.previous } }
                add(Stage.previous, to: holder.id)
            } else {
                for index in versions.indices where versions[index].id != id { versions[index].stages.removeAll { $0 == stage } }
            }
            add(stage, to: id)
        }
    }

    mutating func remove(_ stage: String, from id: String) {
        guard let index = versions.firstIndex(where: { $0.id == id }) else { return }
        versions[index].stages.removeAll { $0 == stage }
    }

    private mutating func add(_ stage: String, to id: String) {
        guard let index = versions.firstIndex(where: { $0.id == id }), !versions[index].stages.contains(stage) else { return }
        versions[index].stages.append(stage)
    }

    /// Removes deprecated versions (no staging label) as Secrets Manager does: only while the secret has
    /// more than `SecretLimits.maxVersions` versions, oldest first, never one created in the last 24 hours.
    /// Returns false when the secret still has too many versions (every extra one labelled or recent).
    mutating func pruneDeprecatedVersions(now: Date) -> Bool {
        let cutoff = now.addingTimeInterval(-SecretLimits.deprecatedVersionGrace)
        while versions.count > SecretLimits.maxVersions {
            guard let oldest = versions.firstIndex(where: { $0.stages.isEmpty && $0.createdDate <= cutoff }) else { return false }
            versions.remove(at: oldest)
        }
        return true
    }
}

/// One version of a secret's value.
struct SecretVersion: Sendable, Equatable {
    var id: String
    var value: SecretValue
    var stages: [String]
    var createdDate: Date
    var lastAccessedDate: Date?
}

/// A version's protected value: text or bytes (never both; AWS refuses both in one request).
enum SecretValue: Sendable, Equatable {
    case string(String)
    case binary([UInt8])
}

/// The staging labels Secrets Manager itself moves.
enum Stage {
    static let current = "AWSCURRENT"
    static let previous = "AWSPREVIOUS"
    static let pending = "AWSPENDING"
}

/// Secrets Manager's documented limits.
enum SecretLimits {
    /// SecretString and SecretBinary: 65,536 bytes.
    static let maxValueBytes = 65_536
    /// Versions kept per secret beyond which deprecated ones are removed ("Secrets Manager keeps 100 of
    /// the most recent versions, but it keeps all secret versions created in the last 24 hours").
    static let maxVersions = 100
    static let deprecatedVersionGrace: TimeInterval = 86_400
    static let maxNameLength = 512
    static let maxSecretIDLength = 2_048
    static let maxDescriptionLength = 2_048
    static let maxTags = 50
    static let maxStagesPerVersion = 20
    static let maxStageLength = 256
    static let recoveryWindow = 7...30
    static let defaultRecoveryWindow = 30
    static let clientRequestTokenLength = 32...64
    static let maxResults = 1...100
}
