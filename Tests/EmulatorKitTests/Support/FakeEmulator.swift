import DrydockCore
import DrydockHTTP
import EmulatorKit
import Synchronization

/// A stand-in service: claims paths under `prefix`, names the operation after the last path component,
/// answers a fixed JSON body, and counts what the router asks of it.
final class FakeEmulator: ServiceEmulator {
    struct Counters: Sendable {
        var handled = 0
        var resets = 0
        var expirations = 0
    }

    let service: String
    let prefix: String
    let knownOperations: [String]
    private let state = Mutex(Counters())

    init(service: String, prefix: String, knownOperations: [String] = []) {
        self.service = service
        self.prefix = prefix
        self.knownOperations = knownOperations
    }

    var counters: Counters { state.withLock { $0 } }

    func claims(_ request: HTTPRequest) -> Bool { request.path.hasPrefix(prefix) }

    func operation(for request: HTTPRequest) -> String {
        request.path.split(separator: "/").last.map(String.init) ?? "unknown"
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        state.withLock { $0.handled += 1 }
        return HTTPResponse(
            status: 200, contentType: "application/json",
            text: FakeEmulator.body(service: service, operation: operation(for: request)).serialized(),
            headers: ["X-Emulator": service])
    }

    static func body(service: String, operation: String) -> JSONValue {
        ["service": .string(service), "operation": .string(operation), "padding": "0123456789abcdef"]
    }

    func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(
            status: status, contentType: "application/json",
            text: JSONValue.object([("error", ["code": .number(status), "status": "FAKE", "service": .string(service)])]).serialized())
    }

    func reset() { state.withLock { $0.resets += 1 } }

    func expireIssuedTokens() { state.withLock { $0.expirations += 1 } }

    func endpointVariables(baseURL: String) -> [(name: String, value: String)] {
        [(name: "FAKE_\(service.uppercased())_URL", value: baseURL + prefix)]
    }
}

/// A thread-safe list of values a callback received.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}
