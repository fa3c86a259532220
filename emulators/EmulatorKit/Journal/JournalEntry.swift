import DrydockCore
import DrydockHTTP
import Foundation

/// One request the edge routed to an emulator (or could not route), as `GET /_drydock/journal` shows it.
public struct JournalEntry: Sendable, Equatable {
    /// Position in the journal, from 1, never reused (not even after a clear): poll with `since=`.
    public let sequence: Int
    /// Virtual time when the request arrived.
    public let time: Date
    /// The emulator's service name, or "edge" when no emulator claimed the request.
    public let service: String
    public let operation: String
    public let method: String
    /// The request target as sent, with secret query values `REDACTED`.
    public let path: String
    /// The status the client received; nil when the connection was reset or left hanging.
    public let status: Int?
    /// `normal`, `reset`, `close-mid-body` or `hang`.
    public let delivery: String
    /// Time spent in the edge, injected latency included.
    public let latencyMs: Double
    /// The fault rule that fired, if any.
    public let fault: FaultTrace?

    /// `{"seq", "time", "service", "operation", "method", "path", "status", "delivery", "latencyMs", "fault"}`
    public var json: JSONValue {
        [
            "seq": .number(sequence),
            "time": .string(RFC3339.string(from: time)),
            "service": .string(service),
            "operation": .string(operation),
            "method": .string(method),
            "path": .string(path),
            "status": status.map(JSONValue.number) ?? .null,
            "delivery": .string(delivery),
            "latencyMs": .number(latencyMs),
            "fault": fault?.json ?? .null,
        ]
    }

    /// The one log line for this request.
    public var logLine: String {
        RequestLog.line(time: time, service: service, operation: operation, method: method, path: path,
                        status: status, latencyMs: latencyMs, fault: fault)
    }
}

extension HTTPResponse.Delivery {
    /// The delivery's name in the journal.
    var journalName: String {
        switch self {
        case .normal: "normal"
        case .reset: "reset"
        case .closeMidBody: "close-mid-body"
        case .hang: "hang"
        case .deferred: "deferred"
        }
    }

    /// Whether the client receives a status line.
    var sendsStatus: Bool {
        switch self {
        case .normal, .closeMidBody: true
        case .reset, .hang, .deferred: false
        }
    }
}
