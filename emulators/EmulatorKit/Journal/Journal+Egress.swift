import Foundation

extension EdgeRouter {
    /// Journals an attempt to reach a host Drydock does not emulate, which was refused and never
    /// connected to: service `egress`, operation `blocked`, the host name in `path`, the way it was
    /// refused (`DNS` for a name the isolated resolver answered NXDOMAIN, `CONNECT` for a refused proxy
    /// tunnel) in `method`. No status: no HTTP exchange took place (delivery `refused`). The name is
    /// scrubbed like a request target, since a program may smuggle a credential into a DNS label.
    public func recordBlockedEgress(host: String, via: String) {
        let entry = journal.record(
            time: clock.now(), service: "egress", operation: "blocked", method: via,
            path: Redaction.shapes.scrub(host), status: nil, delivery: "refused", latencyMs: 0, fault: nil)
        log?(entry.logLine)
    }
}
