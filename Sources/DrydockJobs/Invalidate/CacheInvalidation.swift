import DrydockCore
import DrydockCrypto
import DrydockServices
import Foundation

/// `drydock invalidate`: one CloudFront invalidation per content change, optionally waited for.
///
/// The CallerReference is `drydock-` and the first 32 hex digits of SHA-256 over the distribution id,
/// the paths sorted and de-duplicated, and the content version, each on its own line. The same change
/// (same distribution, paths and version) therefore always sends the same reference, and CloudFront
/// answers the invalidation it already has instead of creating a second; a new version is a new
/// invalidation.
public struct CacheInvalidation: Sendable {
    public let distributionID: String
    /// Sorted, without duplicates: the order of `--paths` does not change the reference.
    public let paths: [String]
    public let contentVersion: String

    public init(distributionID: String, paths: [String], contentVersion: String) {
        self.distributionID = distributionID
        self.paths = Array(Set(paths)).sorted()
        self.contentVersion = contentVersion
    }

    public var callerReference: String {
        let material = ([distributionID] + paths + [contentVersion]).joined(separator: "\n")
        return "drydock-" + String(SHA256.hex(material).prefix(32))
    }

    /// How `--wait` polls: the first wait, doubling up to `maxDelay`, never past `deadline` seconds.
    public struct WaitPolicy: Sendable {
        public var firstDelay: Double = 5
        public var maxDelay: Double = 60
        public var deadline: Double
        public init(deadline: Double) { self.deadline = deadline }
    }

    /// A path CloudFront would refuse, with why; nil when every path is acceptable. Checked before any
    /// call so a typo fails as a usage error, not as a service error.
    public static func problem(with path: String) -> String? {
        guard path.hasPrefix("/") else { return "'\(path)' must start with /" }
        guard !path.dropLast().contains("*") else { return "'\(path)' may hold * only as its last character" }
        guard path.utf8.count <= 4_096 else { return "a path is longer than 4,096 bytes" }
        return nil
    }

    /// Creates (or finds again) the invalidation; with `wait`, polls GetInvalidation until Completed.
    /// `progress` receives one line per state change.
    /// - Throws: ``CloudFrontError`` (code `WaitTimeout` when the deadline passes first).
    public func run(client: CloudFrontClient, wait: WaitPolicy?, clock: any WallClock, progress: (String) -> Void) throws -> CloudFrontClient.Invalidation {
        var invalidation = try client.createInvalidation(distribution: distributionID, paths: paths, callerReference: callerReference)
        progress("invalidation \(invalidation.id) on \(distributionID): \(invalidation.status) (\(paths.count) path(s), caller reference \(callerReference))")
        guard let wait, !invalidation.isCompleted else { return invalidation }
        let start = clock.now()
        var delay = wait.firstDelay
        while !invalidation.isCompleted {
            let elapsed = clock.now().timeIntervalSince(start)
            guard elapsed < wait.deadline else {
                throw CloudFrontError(
                    code: CloudFrontError.waitTimeoutCode,
                    message: "invalidation \(invalidation.id) on \(distributionID) was still \(invalidation.status) after \(Int(elapsed)) s "
                        + "(--timeout \(Int(wait.deadline))); it keeps running at CloudFront: rerun the same command to wait again",
                    status: nil, operation: "GetInvalidation")
            }
            clock.sleep(seconds: min(delay, wait.deadline - elapsed))
            delay = min(delay * 2, wait.maxDelay)
            invalidation = try client.invalidation(distribution: distributionID, invalidationID: invalidation.id)
        }
        progress("invalidation \(invalidation.id) on \(distributionID): Completed after \(Int(clock.now().timeIntervalSince(start))) s")
        return invalidation
    }
}
