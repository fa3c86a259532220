import Foundation

/// A limit on AWS calls, retries and their backoff waits included, set on a ``DynamoDBClient`` (or a
/// ``SecretsManagerClient``) with `deadline`:
/// - each attempt's transfer timeout is the client's `timeout`, or the time left when that is shorter;
/// - an attempt that would start with no time left is not sent;
/// - no retry starts, and no backoff wait begins, that would end past it.
///
/// A call it cuts fails with ``DynamoDBError/deadlineCode``, naming the limit. The shared token store
/// bounds its calls by the refresh deadline, so a hanging endpoint cannot hold a host's `flock` longer.
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
    static let shortestAttempt = 0.001

    /// The transfer timeout of an attempt starting at `now` under a client timeout of `timeout` seconds:
    /// `cut` when the deadline shortened it. Nil when no time is left.
    func attemptTimeout(_ timeout: Double, at now: Date) -> (seconds: Double, cut: Bool)? {
        let left = date.timeIntervalSince(now)
        guard left >= Self.shortestAttempt else { return nil }
        return left < timeout ? (left, true) : (timeout, false)
    }

    /// Whether a wait of `seconds` starting at `now` would end at or past the deadline.
    func leavesNoTime(afterWaiting seconds: Double, at now: Date) -> Bool {
        now.addingTimeInterval(seconds + Self.shortestAttempt) >= date
    }
}

extension DynamoDBError {
    /// The code of a call ``AWSCallDeadline`` cut: not sent, or not retried, because the deadline was reached.
    public static let deadlineCode = "DeadlineReached"

    /// The error of a call cut by `deadline` after `attempts` requests (its description says how many
    /// when more than one), `last` the latest one's failure.
    static func deadlineReached(
        _ deadline: AWSCallDeadline, operation: String, service: String, attempts: Int, last: DynamoDBError?
    ) -> DynamoDBError {
        var message = "\(deadline.name) was reached"
        if attempts == 0 { message += " before a request was sent" }
        if let last {
            message += "; the last attempt failed: \(last.code)"
            if let status = last.status { message += " (HTTP \(status))" }
            if !last.message.isEmpty { message += ": \(last.message)" }
        }
        var error = DynamoDBError(code: deadlineCode, message: message, status: nil, operation: operation)
        error.service = service
        error.attempts = attempts
        return error
    }
}
