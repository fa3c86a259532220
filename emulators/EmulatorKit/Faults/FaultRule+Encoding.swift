import DrydockCore

extension FaultRule {
    /// The rule's JSON form, with only the fields that are set (the shape `init(json:)` reads).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = []
        func add(_ key: String, _ value: JSONValue?) { if let value { members.append((key, value)) } }
        add("id", id.map(JSONValue.string))
        add("service", service.map(JSONValue.string))
        add("operation", operation.map(JSONValue.string))
        add("method", method.map(JSONValue.string))
        add("path", path.map(JSONValue.string))
        if let header {
            add("header", header.value.map { .object([("name", .string(header.name)), ("value", .string($0))]) }
                ?? .string(header.name))
        }
        add("region", region.map(JSONValue.string))
        add("nth", nth.map(JSONValue.number))
        add("every", every.map(JSONValue.number))
        add("times", times.map(JSONValue.number))
        add("probability", probability.map(JSONValue.number))
        add("seed", seed.map { .number(String($0)) })
        add("after", after.map(JSONValue.number))
        add("until", until.map(JSONValue.number))
        add("action", action.json)
        return .object(members)
    }
}

extension FaultAction {
    /// The action's JSON form (`{"type": "status", "status": 503, "retryAfter": 2}`).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("type", .string(type))]
        switch kind {
        case .status(let reply):
            members.append(("status", .number(reply.status)))
            if let reason = reply.reason { members.append(("reason", .string(reason))) }
            if let seconds = reply.retryAfter { members.append(("retryAfter", .number(seconds))) }
            if let body = reply.body { members.append(("body", .string(body))) }
            if let type = reply.contentType { members.append(("contentType", .string(type))) }
            if !reply.headers.isEmpty {
                members.append(("headers", .object(reply.headers.map { ($0.name, .string($0.value)) })))
            }
        case .latency(let milliseconds):
            members.append(("ms", .number(milliseconds)))
        case .malformed(let kind):
            members.append(("kind", .string(kind.name)))
        case .reset(let afterHandling), .hang(let afterHandling):
            if afterHandling { members.append(("afterHandling", true)) }
        case .closeMidBody(let bytes):
            if let bytes { members.append(("bytes", .number(bytes))) }
        case .expireTokens:
            break
        }
        return .object(members)
    }
}
