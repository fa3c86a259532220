import DrydockCore
import Foundation

/// Figures of a peer emulator measured outside this binary (CI/bench.sh measures `moto_server` with
/// Python), printed in the table's last column:
/// `{"name": "moto_server 5.2.1", "cold_start_ms": [...], "idle_rss_kb": [...], "note": "..."}`.
struct PeerFigures {
    let name: String
    let coldStartMs: Samples?
    let idleRSSKilobytes: Samples?
    let note: String?

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("cannot read \(path)") }
        let json: JSONValue
        do { json = try JSONValue.parse(Array(data)) } catch { throw BenchError("\(path): \(error)") }
        func samples(_ key: String) -> Samples? {
            let values = json[key]?.arrayValue?.compactMap(\.doubleValue) ?? []
            return values.isEmpty ? nil : Samples(values)
        }
        name = json["name"]?.stringValue ?? "peer"
        coldStartMs = samples("cold_start_ms")
        idleRSSKilobytes = samples("idle_rss_kb")
        note = json["note"]?.stringValue
    }
}
