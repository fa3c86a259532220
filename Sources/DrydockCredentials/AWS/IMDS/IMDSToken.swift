import Foundation

/// An IMDSv2 session token and the instant the client stops reusing it.
struct IMDSToken: Sendable {
    /// Reuse a token until this long before its TTL ends, so it never expires mid-request.
    /// (Assumed margin; the Go and Java SDKs also refresh shortly before the TTL.)
    static let reuseMargin: Double = 60

    let value: String
    let expires: Date

    func isUsable(at now: Date) -> Bool { now.addingTimeInterval(Self.reuseMargin) < expires }
}
