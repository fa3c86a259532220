import DrydockCore
import EmulatorKit
import Foundation

/// `drydock exec --journal FILE`: the run's journal as one JSON document.
public enum JournalExport {
    /// `{"requests": [...], "lastSeq": n, "totals": [{"service", "operation", ("region",) "count"}]}`: `requests` as
    /// `GET /_drydock/journal` returns them (the last `capacity` of them), `totals` for every request of
    /// the run (see `Journal.totals`).
    public static func json(_ journal: Journal) -> JSONValue {
        let totals = journal.totals.sorted { $0.key < $1.key }.map { key, count -> JSONValue in
            var members: [(String, JSONValue)] = [("service", .string(key.service)), ("operation", .string(key.operation))]
            if let region = key.region { members.append(("region", .string(region))) }
            return .object(members + [("count", .number(count))])
        }
        return [
            "requests": .array(journal.entries().map(\.json)),
            "lastSeq": .number(journal.lastSequence),
            "totals": .array(totals),
        ]
    }

    /// Writes `json(journal)` to `path` (created 0600 or truncated; a symbolic link is not followed).
    public static func write(_ journal: Journal, to path: String) throws {
        let fd = try POSIXFile.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode: 0o600)
        defer { close(fd) }
        try POSIXFile.writeAll(fd: fd, path: path, bytes: Array((json(journal).serialized(pretty: true) + "\n").utf8))
    }
}
