import Foundation

/// One distribution as the fixtures describe it: enough of its configuration for GetDistribution and
/// ListDistributions to answer what the SDKs parse (ids, domain, aliases, one origin, the default cache
/// behaviour, comment, enabled, price class).
struct CloudFrontDistribution: Sendable, Equatable {
    let id: String
    let domainName: String
    let aliases: [String]
    let originDomainName: String
    let originID: String
    let comment: String
    let enabled: Bool
    let priceClass: String
    let callerReference: String
    let lastModified: Date
    /// The ETag GetDistribution answers (changes only with the configuration, which is read-only here).
    let etag: String
    /// The account the ARN names.
    let accountID: String

    var arn: String { "arn:aws:cloudfront::\(accountID):distribution/\(id)" }
}

/// One invalidation batch: its paths exactly as sent, the caller reference, and when it was created.
/// Its status is derived from the clock (`CloudFrontEmulator.completionDelay`).
struct CloudFrontInvalidation: Sendable, Equatable {
    let id: String
    let distributionID: String
    let callerReference: String
    let paths: [String]
    let createTime: Date

    /// Paths ending in `*`: CloudFront counts these against its in-progress wildcard limit.
    var wildcardCount: Int { paths.count { $0.hasSuffix("*") } }
    var fileCount: Int { paths.count - wildcardCount }

    func status(now: Date, delay: Double) -> String {
        now.timeIntervalSince(createTime) >= delay ? "Completed" : "InProgress"
    }
}
