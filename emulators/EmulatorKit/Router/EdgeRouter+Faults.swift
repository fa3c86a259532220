import DrydockCore
import DrydockHTTP

extension EdgeRouter {
    /// Stores fault rules (all or none) after checking them, including that each `service` is one this
    /// edge serves and each `operation` is one that service declares. Returns them with ids assigned.
    @discardableResult
    public func addFaultRules(_ rules: [FaultRule]) throws(JSONInputError) -> [FaultRuleStatus] {
        try addFaultRules(rules.enumerated().map { (rule: $0.element, path: rules.count == 1 ? "" : "rules[\($0.offset)]") })
    }

    /// Stores one fault rule; see `addFaultRules(_:)`.
    @discardableResult
    public func addFaultRule(_ rule: FaultRule) throws(JSONInputError) -> FaultRuleStatus {
        try addFaultRules([(rule: rule, path: "")])[0]
    }

    /// Every stored rule in insertion order, with its counters.
    public var faultRules: [FaultRuleStatus] { faults.rules }

    /// Removes the rule `id`; false when there is none.
    @discardableResult
    public func removeFaultRule(id: String) -> Bool { faults.remove(id: id) }

    /// Removes every rule; returns how many there were.
    @discardableResult
    public func removeAllFaultRules() -> Int { faults.removeAll() }

    func addFaultRules(_ rules: [(rule: FaultRule, path: String)]) throws(JSONInputError) -> [FaultRuleStatus] {
        for (rule, path) in rules { try checkTargets(of: rule, at: path) }
        return try faults.add(rules)
    }

    /// Rejects a `service` this edge does not serve, and an `operation` no candidate service declares.
    private func checkTargets(of rule: FaultRule, at path: String) throws(JSONInputError) {
        var candidates = emulators
        if let service = rule.service {
            candidates = emulators.filter { $0.service == service }
            guard !candidates.isEmpty else {
                throw JSONInputError(
                    path: JSONObjectReader.join(path, "service"),
                    reason: "unknown service \"\(service)\"; this edge serves \(services.joined(separator: ", "))")
            }
        }
        guard let operation = rule.operation, !candidates.contains(where: { $0.knownOperations.isEmpty }) else { return }
        let known = candidates.flatMap(\.knownOperations)
        guard !known.contains(where: { Glob.matches(operation, $0) }) else { return }
        let shown = known.prefix(30).joined(separator: ", ") + (known.count > 30 ? ", …" : "")
        throw JSONInputError(
            path: JSONObjectReader.join(path, "operation"),
            reason: "no operation of \(rule.service.map { "\"\($0)\"" } ?? "any service") matches \"\(operation)\"; known: \(shown)")
    }

    /// Answers `request` the way `action` says (or normally when there is none).
    func perform(_ action: FaultAction?, on request: HTTPRequest, by emulator: any ServiceEmulator) -> HTTPResponse {
        guard let action else { return emulator.handle(request) }
        switch action.kind {
        case .status(let reply):
            var response: HTTPResponse
            if let body = reply.body {
                response = HTTPResponse(status: reply.status, contentType: reply.contentType ?? Self.contentType(sniffing: body), text: body)
            } else {
                response = emulator.errorResponse(status: reply.status, reason: reply.reason, for: request)
                // A 2xx rule asks the emulator to alter a real answer (IMDS's malformed credentials,
                // DynamoDB's unprocessed items); when the emulator refuses the request instead (a bad
                // signature, an invalid batch), its error status stands, as the real service's would.
                if !((200..<300).contains(reply.status) && response.status >= 400) { response.status = reply.status }
                response.delivery = .normal
                if let type = reply.contentType { response.headers.set("Content-Type", type) }
            }
            if let seconds = reply.retryAfter { response.headers.set("Retry-After", String(seconds)) }
            for header in reply.headers { response.headers.set(header.name, header.value) }
            return response
        case .latency:
            // `respondWithoutWaiting(to:)` turns a latency into `.deferred` work before it gets here.
            return emulator.handle(request)
        case .malformed(let kind):
            return malformed(kind, request, emulator)
        case .reset(let afterHandling):
            var response = afterHandling ? emulator.handle(request) : HTTPResponse(status: 502)
            response.delivery = .reset
            return response
        case .closeMidBody(let bytes):
            var response = emulator.handle(request).materialized()
            response.delivery = .closeMidBody(bytes: min(bytes ?? response.body.count / 2, response.body.count))
            return response
        case .hang(let afterHandling):
            var response = afterHandling ? emulator.handle(request) : HTTPResponse(status: 504)
            response.delivery = .hang
            return response
        case .expireTokens:
            for each in emulators { each.expireIssuedTokens() }
            return emulator.handle(request)
        }
    }

    private func malformed(_ kind: MalformedKind, _ request: HTTPRequest, _ emulator: any ServiceEmulator) -> HTTPResponse {
        if kind == .html {
            return HTTPResponse(status: 502, contentType: "text/html", text: Self.proxyErrorPage)
        }
        var response = emulator.handle(request).materialized()
        response.headers.remove("Content-Length")
        switch kind {
        case .truncatedJSON:
            response.status = 200
            response.body = Array(response.body.prefix(response.body.count / 2))
            response.headers.set("Content-Type", "application/json; charset=UTF-8")
        case .empty:
            response.status = 200
            response.body = []
        default:
            response.headers.set("Content-Type", "text/html; charset=UTF-8")
        }
        return response
    }

    static func contentType(sniffing body: String) -> String {
        (try? JSONValue.parse(body)) != nil ? "application/json" : "text/plain; charset=UTF-8"
    }

    /// What nginx in front of a dead upstream answers.
    static let proxyErrorPage = """
        <html>
        <head><title>502 Bad Gateway</title></head>
        <body>
        <center><h1>502 Bad Gateway</h1></center>
        <hr><center>nginx</center>
        </body>
        </html>

        """
}
