import DrydockHTTP
import EmulatorKit

extension DynamoDBEmulator {
    public func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        errorResponse(status: status, reason: nil, for: request)
    }

    /// DynamoDB's error bodies for injected faults; `reason` names the exception.
    public func errorResponse(status: Int, reason: String?, for request: HTTPRequest) -> HTTPResponse {
        DynamoDBFaults.error(status: status, reason: reason).response(requestID: nextRequestID())
    }
}
