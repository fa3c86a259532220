import DrydockCredentials
import Foundation

extension DynamoDBError {
    /// The code of a call ``AWSCallDeadline`` cut: not sent, or not retried, because the deadline was reached.
    public static let deadlineCode = "DeadlineReached"

    /// The error of a call cut by `deadline` after `attempts` requests (its description says how many
    /// when more than one), `last` the latest one's failure.
    static func deadlineReached(
        _ deadline: AWSCallDeadline, operation: String, service: String, attempts: Int, last: DynamoDBError?
    ) -> DynamoDBError {
        let lastFailure = last.map { last in
            var text = last.code
            if let status = last.status { text += " (HTTP \(status))" }
            if !last.message.isEmpty { text += ": \(last.message)" }
            return text
        }
        let message = deadline.reached(attempts: attempts, lastFailure: lastFailure)
        var error = DynamoDBError(code: deadlineCode, message: message, status: nil, operation: operation)
        error.service = service
        error.attempts = attempts
        return error
    }
}
