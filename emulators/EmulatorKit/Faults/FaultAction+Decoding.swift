import DrydockCore

extension FaultAction {
    /// Decodes an action object (`{"type": "status", "status": 503}`); see `FaultRule` for every type.
    public init(json: JSONValue, path: String) throws(JSONInputError) {
        let reader = try JSONObjectReader(json, path: path)
        let typeExpectation = "one of \(FaultAction.types.joined(separator: ", "))"
        let type = try reader.required("type", reader.string("type", typeExpectation), typeExpectation)
        func allow(_ fields: [String]) throws(JSONInputError) {
            try reader.rejectUnknownFields(allowed: ["type"] + fields, owner: "a '\(type)' action")
        }
        switch type {
        case "status":
            try allow(["status", "reason", "retryAfter", "body", "contentType", "headers"])
            let status = try reader.required(
                "status", reader.int("status", FaultLimits.status, FaultLimits.statusText), FaultLimits.statusText)
            let body: String?
            if let value = reader.value("body") {
                guard let text = value.stringValue else { throw reader.mismatch("body", "a string", value) }
                body = text
            } else {
                body = nil
            }
            let reason = try reader.string("reason", Self.reasonText)
            if reason != nil, body != nil {
                throw JSONInputError(path: reader.path(of: "reason"), reason: Self.reasonWithBodyText)
            }
            self = .status(
                status,
                reason: reason,
                retryAfter: try reader.int("retryAfter", FaultLimits.retryAfter, FaultLimits.retryAfterText),
                body: body,
                contentType: try reader.string("contentType"),
                headers: try Self.headers(reader))
        case "latency":
            try allow(["ms"])
            self = .latency(milliseconds: try reader.required(
                "ms", reader.int("ms", FaultLimits.latency, FaultLimits.latencyText), FaultLimits.latencyText))
        case "malformed":
            try allow(["kind"])
            let expectation = "one of \(MalformedKind.all.map(\.name).joined(separator: ", "))"
            let name = try reader.required("kind", reader.string("kind", expectation), expectation)
            guard let kind = MalformedKind(named: name) else {
                throw JSONInputError(path: reader.path(of: "kind"), reason: "unknown malformed kind \"\(name)\"; expected \(expectation)")
            }
            self = .malformed(kind)
        case "reset":
            try allow(["afterHandling"])
            self = .reset(afterHandling: try reader.bool("afterHandling") ?? false)
        case "close-mid-body":
            try allow(["bytes"])
            self = .closeMidBody(bytes: try reader.int("bytes", FaultLimits.bytes, FaultLimits.bytesText))
        case "hang":
            try allow(["afterHandling"])
            self = .hang(afterHandling: try reader.bool("afterHandling") ?? false)
        case "expire-tokens":
            try allow([])
            self = .expireTokens
        default:
            throw JSONInputError(path: reader.path(of: "type"), reason: "unknown action type \"\(type)\"; expected \(typeExpectation)")
        }
    }

    /// Checks the action's values (for actions built in Swift; decoding already checks them).
    public func validate(at path: String) throws(JSONInputError) {
        func fail(_ field: String, _ expectation: String) -> JSONInputError {
            JSONInputError(path: JSONObjectReader.join(path, field), reason: "expected \(expectation)")
        }
        switch kind {
        case .status(let reply):
            guard FaultLimits.status.contains(reply.status) else { throw fail("status", FaultLimits.statusText) }
            if let reason = reply.reason {
                guard !reason.isEmpty else { throw fail("reason", Self.reasonText) }
                guard reply.body == nil else {
                    throw JSONInputError(path: JSONObjectReader.join(path, "reason"), reason: Self.reasonWithBodyText)
                }
            }
            if let seconds = reply.retryAfter, !FaultLimits.retryAfter.contains(seconds) {
                throw fail("retryAfter", FaultLimits.retryAfterText)
            }
            for header in reply.headers where !Self.isHeaderSafe(header.name) || !Self.isHeaderSafe(header.value) || header.name.isEmpty {
                throw fail("headers", "header names and values without control characters")
            }
            if let type = reply.contentType, type.isEmpty || !Self.isHeaderSafe(type) {
                throw fail("contentType", "a media type such as application/json")
            }
        case .latency(let milliseconds):
            guard FaultLimits.latency.contains(milliseconds) else { throw fail("ms", FaultLimits.latencyText) }
        case .closeMidBody(let bytes):
            if let bytes, !FaultLimits.bytes.contains(bytes) { throw fail("bytes", FaultLimits.bytesText) }
        case .malformed, .reset, .hang, .expireTokens:
            break
        }
    }

    static let reasonText = "a non-empty string (an error reason such as \"userRateLimitExceeded\")"
    static let reasonWithBodyText = "a status action with a body has no reason (the body is served as given); drop one of them"

    private static func headers(_ reader: JSONObjectReader) throws(JSONInputError) -> [(name: String, value: String)] {
        guard let value = reader.value("headers") else { return [] }
        let object = try JSONObjectReader(value, path: reader.path(of: "headers"))
        var headers: [(name: String, value: String)] = []
        for (name, member) in object.members {
            guard let text = member.stringValue, isHeaderSafe(text), !name.isEmpty, isHeaderSafe(name) else {
                throw object.mismatch(name, "a header value string without control characters", member)
            }
            headers.append((name: name, value: text))
        }
        return headers
    }

    /// No CR, LF or other control characters: an injected header must not split the response.
    static func isHeaderSafe(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    }
}
