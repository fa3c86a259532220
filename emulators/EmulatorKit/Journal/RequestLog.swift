import DrydockCore
import Foundation

/// The edge's one-line-per-request log format:
/// `2026-11-26T15:04:05Z oauth token POST /token 503 0.4ms fault=r1:status`
/// (`-` for a missing status or fault; control requests log as service `_drydock`). The path must already
/// be redacted (`Redaction.target`); anything else shaped like a credential is scrubbed from the line.
public enum RequestLog {
    public static func line(
        time: Date, service: String, operation: String, method: String, path: String, status: Int?,
        latencyMs: Double, fault: FaultTrace?
    ) -> String {
        let statusText = status.map(String.init) ?? "-"
        let latency = String(format: "%.1f", latencyMs)
        return Redaction.shapes.scrub(
            "\(RFC3339.string(from: time)) \(service) \(operation) \(method) \(path) \(statusText) \(latency)ms fault=\(fault?.description ?? "-")")
    }
}
