import DrydockHTTP

extension EdgeRouter {
    /// Who may use the control API (see `ControlAccess`). Set it once the server has bound, so `Host`
    /// and `Origin` are checked against the port it really listens on:
    ///
    /// ```swift
    /// try server.start()
    /// router.controlAccess = ControlAccess(listeningHost: "127.0.0.1", listeningPort: server.port)
    /// ```
    ///
    /// Until then, loopback names on any port are accepted and no token is needed.
    public var controlAccess: ControlAccess {
        get { access.withLock { $0 } }
        set { access.withLock { $0 = newValue } }
    }

    /// A `POST`, or a `DELETE` with a body, must be `Content-Type: application/json` (parameters such as
    /// `charset` allowed): the three content types a page may send without a CORS preflight
    /// (`text/plain`, forms) are refused.
    static func requireJSONContentType(_ request: HTTPRequest, method: String) throws(ControlError) {
        guard method == "POST" || (method == "DELETE" && !request.body.isEmpty) else { return }
        let mediaType = request.headers["Content-Type"]?
            .split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType != "application/json" else { return }
        let found = request.headers["Content-Type"].map { "Content-Type \"\(String($0.prefix(100)))\"" } ?? "no Content-Type"
        throw ControlError(
            status: 415,
            message: "\(method) \(request.path) needs Content-Type: application/json (even with an empty body); this request has \(found)")
    }
}
