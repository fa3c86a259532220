import Foundation

/// A limit on AWS calls, retries and their backoff waits included, and on the credential fetch before
/// them (IMDS), set on a ``DynamoDBClient`` (or a ``SecretsManagerClient``) with `deadline` and passed to
/// ``AWSCredentialProvider/expiringCredentials(within:)``:
/// - each attempt's transfer timeout is the client's `timeout`, or the time left when that is shorter;
/// - an attempt that would start with no time left is not sent;
/// - no retry starts, and no backoff wait begins, that would end past it.
///
/// A call it cuts fails naming the limit (`the refresh deadline (60 s) was reached`). The shared token
/// store bounds its calls by the refresh deadline, so a hanging endpoint cannot hold a host's `flock` longer.
public struct AWSCallDeadline: Sendable, Equatable {
    /// Nothing is sent, and nothing is waited for, past this instant (the caller's clock).
    public let date: Date
    /// The limit in messages: `the refresh deadline (60 s)`.
    public let name: String

    public init(_ date: Date, name: String) {
        self.date = date
        self.name = name
    }

    /// libcurl counts timeouts in whole milliseconds: less time left than this is none.
    public static let shortestAttempt = 0.001

    /// The transfer timeout of an attempt starting at `now` under a client timeout of `timeout` seconds:
    /// `cut` when the deadline shortened it. Nil when no time is left.
    public func attemptTimeout(_ timeout: Double, at now: Date) -> (seconds: Double, cut: Bool)? {
        let left = date.timeIntervalSince(now)
        guard left >= Self.shortestAttempt else { return nil }
        return left < timeout ? (left, true) : (timeout, false)
    }

    /// Whether a wait of `seconds` starting at `now` would end at or past the deadline.
    public func leavesNoTime(afterWaiting seconds: Double, at now: Date) -> Bool {
        now.addingTimeInterval(seconds + Self.shortestAttempt) >= date
    }

    /// `the refresh deadline (60 s) was reached`, then ` before a request was sent` when `attempts` is 0,
    /// then `; the last attempt failed: <lastFailure>` when there is one: the words of every cut call.
    public func reached(attempts: Int, lastFailure: String?) -> String {
        var message = "\(name) was reached"
        if attempts == 0 { message += " before a request was sent" }
        if let lastFailure { message += "; the last attempt failed: \(lastFailure)" }
        return message
    }
}
