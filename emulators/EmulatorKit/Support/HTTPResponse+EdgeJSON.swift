import DrydockCore
import DrydockHTTP

extension HTTPResponse {
    /// A JSON response (`application/json`).
    static func edgeJSON(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json", text: value.serialized())
    }

    /// `{"error": message}`.
    static func edgeJSONError(_ status: Int, _ message: String) -> HTTPResponse {
        edgeJSON(status, ["error": .string(message)])
    }
}
