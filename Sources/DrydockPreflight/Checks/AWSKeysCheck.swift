import DrydockCore
import DrydockJobs
import Foundation

/// No AWS keys in the environment or `~/.aws/credentials` when the instance profile is meant to be used:
/// keys would win over the role (a warning; names only, never values).
struct AWSKeysCheck: PreflightCheck {
    let name = "aws-keys"
    let summary = "no AWS keys in the environment or ~/.aws/credentials when the instance profile is meant to be used"

    static let variables = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]

    func run(_ context: PreflightContext) -> [PreflightResult] {
        guard context.configuration.instanceProfile.value else {
            return [PreflightResult(name, "", .skipped, "aws.instance_profile is false: keys are expected")]
        }
        var found = Self.variables.filter { context.environment[$0] != nil }.map { "$\($0)" }
        let file = context.environment["AWS_SHARED_CREDENTIALS_FILE"]
            ?? context.environment["HOME"].map { ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + "/.aws/credentials" }
        if let file, FileManager.default.fileExists(atPath: file) { found.append(file) }
        guard found.isEmpty else {
            return [PreflightResult(
                name, "", .warn, "AWS keys present (\(found.joined(separator: ", "))): tools that read them use them instead of the instance role",
                fix: "remove them from the job's environment and move ~/.aws/credentials away, or set aws.instance_profile: false if keys are intended")]
        }
        return [PreflightResult(name, "", .pass, "no AWS keys in the environment or \(file ?? "~/.aws/credentials")")]
    }
}
