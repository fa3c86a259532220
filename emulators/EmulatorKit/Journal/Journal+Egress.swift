import Foundation

/// Blocked egress: a connection or name lookup for a host Drydock does not emulate, refused without
/// reaching it. The journal keeps one entry per attempt, service `egress`, operation `blocked`, so a run
/// can prove that nothing reached a real service (`--expect 'egress.blocked == 0'`).
extension Journal {
    /// Records that `host` was refused. `via` says how it was asked for and becomes the entry's method
    /// (`CONNECT`, `GET` for an absolute-form proxy request, `TLS` for a server name, `DNS` for a lookup);
    /// the host goes in the path field. `status` is the HTTP status the client got (403 from the proxy),
    /// nil when there was none (a DNS answer, a refused handshake); the delivery is then `refused`.
    ///
    /// `host` is client input: control characters become `?` and it is cut to 253 bytes.
    @discardableResult
    public func recordBlockedEgress(host: String, via: String, status: Int? = nil, time: Date) -> JournalEntry {
        record(
            time: time, service: "egress", operation: "blocked", method: Self.printable(via, limit: 16),
            path: Redaction.shapes.scrub(Self.printable(host, limit: 253)), status: status,
            delivery: status == nil ? "refused" : "normal", latencyMs: 0, fault: nil)
    }

    /// `text` with bytes outside printable ASCII replaced by `?`, at most `limit` characters.
    static func printable(_ text: String, limit: Int) -> String {
        String(text.unicodeScalars.prefix(limit).map { (0x21...0x7E).contains($0.value) ? Character($0) : "?" })
    }
}

extension EdgeRouter {
    /// Records a blocked egress attempt at the virtual clock's time and logs its line (see
    /// `Journal.recordBlockedEgress(host:via:status:time:)`).
    @discardableResult
    public func recordBlockedEgress(host: String, via: String, status: Int? = nil) -> JournalEntry {
        let entry = journal.recordBlockedEgress(host: host, via: via, status: status, time: clock.now())
        log?(entry.logLine)
        return entry
    }
}
