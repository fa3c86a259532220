import DrydockCore
import DrydockHTTP

/// The control API under `/_drydock/`: never faulted, never journaled (but logged).
///
/// | request | answer |
/// |---|---|
/// | `GET /_drydock/health` | `{"status": "ok", "services": ["oauth", …]}` |
/// | `POST /_drydock/reset` | every emulator reset, no rules, empty journal, clock back: `{"status": "reset"}` |
/// | `GET /_drydock/journal?service=&operation=&since=` | `{"requests": [entry…], "lastSeq": n}` |
/// | `DELETE /_drydock/journal` | `{"cleared": n}` |
/// | `POST /_drydock/faults` (a rule, or `{"rules": […]}`) | 201, the stored rule, or `{"rules": […]}` |
/// | `GET /_drydock/faults` | `{"rules": […]}` with `remaining`, `matched`, `fired`, `addedAt` |
/// | `GET /_drydock/faults/{id}` | the rule, or 404 |
/// | `DELETE /_drydock/faults` | `{"deleted": n}` |
/// | `DELETE /_drydock/faults/{id}` | `{"deleted": 1}`, or 404 |
/// | `GET /_drydock/clock` | `{"now": RFC 3339, "advancedSeconds": total}` |
/// | `POST /_drydock/clock/advance` `{"seconds": n}` | `{"now": …, "advancedSeconds": total}` |
///
/// Bad input is a 400 `{"error": "rules[0].action.status: expected an integer 200-599, got 1000"}`;
/// unknown endpoints 404; wrong methods 405 with `Allow`; a `POST` without `Content-Type: application/json`
/// 415. Before any of that, `controlAccess` refuses requests for another host (403), from a web page of
/// another origin (403), or without the control token when there is one (401).
extension EdgeRouter {
    func handleControl(_ request: HTTPRequest) -> HTTPResponse {
        if let refusal = controlAccess.refusal(of: request) { return refusal.response }
        var path = request.path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).map(String.init)
        do {
            return try route(request, parts)
        } catch {
            return error.response
        }
    }

    private func route(_ request: HTTPRequest, _ parts: [String]) throws(ControlError) -> HTTPResponse {
        let method = request.method.uppercased()
        func only(_ allowed: String...) throws(ControlError) {
            guard allowed.contains(method) else {
                throw ControlError(
                    status: 405,
                    message: "\(method) is not allowed on \(request.path); use \(allowed.joined(separator: " or "))",
                    headers: ["Allow": allowed.joined(separator: ", ")])
            }
            try Self.requireJSONContentType(request, method: method)
        }
        switch (parts.first ?? "", parts.count) {
        case ("health", 1):
            try only("GET")
            return .edgeJSON(200, ["status": "ok", "services": .array(services.map(JSONValue.string))])
        case ("reset", 1):
            try only("POST")
            try Self.expectNoFields(request)
            reset()
            return .edgeJSON(200, ["status": "reset"])
        case ("journal", 1):
            try only("GET", "DELETE")
            return method == "GET" ? try listJournal(request) : .edgeJSON(200, ["cleared": .number(journal.clear())])
        case ("faults", 1):
            try only("GET", "POST", "DELETE")
            switch method {
            case "GET": return .edgeJSON(200, ["rules": .array(faultRules.map(\.json))])
            case "POST": return try createFaults(request)
            default: return .edgeJSON(200, ["deleted": .number(removeAllFaultRules())])
            }
        case ("faults", 2):
            try only("GET", "DELETE")
            let id = parts[1]
            if method == "GET" {
                guard let rule = faults.rule(id: id) else { throw Self.noRule(id) }
                return .edgeJSON(200, rule.json)
            }
            guard removeFaultRule(id: id) else { throw Self.noRule(id) }
            return .edgeJSON(200, ["deleted": 1])
        case ("clock", 1):
            try only("GET")
            return clockResponse()
        case ("clock", 2) where parts[1] == "advance":
            try only("POST")
            return try advanceClock(request)
        default:
            throw ControlError(
                status: 404,
                message: "no control endpoint \(request.path); try /_drydock/health, /_drydock/reset, /_drydock/journal, /_drydock/faults, /_drydock/clock, /_drydock/clock/advance")
        }
    }

    private static func noRule(_ id: String) -> ControlError {
        ControlError(status: 404, message: "no fault rule with id \"\(id)\"")
    }

    /// The request body as JSON, or a 400 saying where it breaks.
    static func parseBody(_ request: HTTPRequest) throws(ControlError) -> JSONValue {
        do {
            return try JSONValue.parse(request.body)
        } catch {
            throw ControlError(status: 400, message: "invalid JSON at \(error.description)")
        }
    }

    /// Accepts an empty body or `{}`.
    private static func expectNoFields(_ request: HTTPRequest) throws(ControlError) {
        guard request.body.contains(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) else { return }
        let json = try parseBody(request)
        guard let members = json.objectValue else {
            throw ControlError(status: 400, message: "expected an empty body or {}, got \(JSONObjectReader.describe(json))")
        }
        if let (key, _) = members.first {
            throw .badRequest(JSONInputError(path: key, reason: "unknown field; \(request.path) takes no fields"))
        }
    }
}
