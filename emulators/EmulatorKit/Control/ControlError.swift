import DrydockCore
import DrydockHTTP

/// A control-API request the edge refuses: its status and a message saying what was wrong and where.
/// Answered as `{"error": message}`.
struct ControlError: Error, Sendable {
    let status: Int
    let message: String
    var headers: HTTPHeaders = [:]

    static func badRequest(_ error: JSONInputError) -> ControlError { ControlError(status: 400, message: error.description) }

    var response: HTTPResponse {
        var response = HTTPResponse.edgeJSONError(status, message)
        for (name, value) in headers { response.headers.set(name, value) }
        return response
    }
}
