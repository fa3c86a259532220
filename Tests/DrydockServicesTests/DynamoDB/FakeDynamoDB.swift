import DrydockCore
import DrydockHTTP
import Foundation
import Synchronization

/// A scripted DynamoDB: answers each request with the next scripted response and records requests.
final class FakeDynamoDB: Sendable {
    private let state: Mutex<(script: [HTTPResponse], requests: [HTTPRequest])>

    init(_ script: [HTTPResponse]) { state = Mutex((script, [])) }

    var transport: InProcessTransport { InProcessTransport(ClosureResponder { [self] in self.respond($0) }) }
    var requests: [HTTPRequest] { state.withLock { $0.requests } }
    /// Request bodies as JSON.
    var bodies: [JSONValue] { requests.compactMap { try? JSONValue.parse($0.body) } }

    private func respond(_ request: HTTPRequest) -> HTTPResponse {
        state.withLock { state in
            state.requests.append(request)
            return state.script.isEmpty ? HTTPResponse(status: 599) : state.script.removeFirst()
        }
    }

    static func ok(_ value: JSONValue) -> HTTPResponse {
        HTTPResponse(
            status: 200, contentType: "application/x-amz-json-1.0", text: value.serialized(),
            headers: ["x-amzn-RequestId": "REQ-OK"])
    }

    static func error(_ status: Int, _ type: String, _ message: String) -> HTTPResponse {
        let body: JSONValue = ["__type": .string("com.amazonaws.dynamodb.v20120810#\(type)"), "message": .string(message)]
        return HTTPResponse(
            status: status, contentType: "application/x-amz-json-1.0", text: body.serialized(),
            headers: ["x-amzn-RequestId": "REQ-\(type)"])
    }

    static let throttled = error(
        400, "ProvisionedThroughputExceededException",
        "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.")
}
